// The browser tests run the built CLI and UI (`npm test` builds first); say so plainly otherwise.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './serve-process.js';

export function ensureBuilt(): void {
  for (const file of ['build/renderer/index.html', 'build/electron/cli/main.js']) {
    if (!existsSync(path.join(REPO, file))) throw new Error(`${file} is missing: run \`npm run build\` before the browser tests`);
  }
}
