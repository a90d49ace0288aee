import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        // Node side: services, CLI, integration; and the browser end-to-end tests (test/e2e),
        // which drive Chromium from Node against `trailview serve`.
        test: {
          name: 'node',
          include: ['test/**/*.test.ts', 'electron/**/*.test.ts'],
          exclude: ['node_modules', 'build', 'test/renderer/**'],
          ...shared,
        },
      },
      {
        // The UI's state functions and components, in jsdom.
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts', 'test/renderer/**/*.test.tsx'],
          environment: 'jsdom',
          ...shared,
        },
      },
    ],
  },
});
