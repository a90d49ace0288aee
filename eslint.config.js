// Lint is part of `npm run check`; warnings fail the build (--max-warnings 0).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/**', 'dist/**', 'node_modules/**', 'test-results/**', 'renderer/dist/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  // ---- Layering: do not relax. -------------------------------------------------------------
  // The evidence core is pure: it never touches Electron, the DOM, React, the file system,
  // the network or child processes. It receives bytes and returns values.
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'react', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net',
          'http', 'node:http', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads'],
        patterns: ['../services/*', '../cli/*', '**/renderer/**'],
      }],
    },
  },
  // The UI runs in a sandboxed browser page: browser globals only, and it reaches the services
  // solely through the API contract (electron/core/api) — never services, the CLI, Electron or Node.
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'test/renderer/**/*.ts', 'test/renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
          'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads', 'path', 'node:path'],
        patterns: ['**/electron/services/**', '**/electron/cli/**', '**/electron/main*', '**/electron/preload*', '**/electron/app/**'],
      }],
    },
  },
  // Services and the CLI run in plain Node (and in tests): they must not depend on Electron.
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react'], patterns: ['**/renderer/**'] }],
    },
  },
);
