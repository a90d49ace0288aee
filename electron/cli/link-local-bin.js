// Run by `npm run prepare` (after `npm ci`): npm links the bins of dependencies into
// node_modules/.bin, but never the project's own. Linking ours makes `npx trailview` work in a
// fresh clone, offline, without a global install.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binDir = path.join(root, 'node_modules', '.bin');
if (existsSync(path.join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const target = path.join(binDir, 'trailview');
  rmSync(target, { force: true });
  if (process.platform === 'win32') {
    writeFileSync(`${target}.cmd`, '@node "%~dp0\\..\\..\\electron\\cli\\trailview.js" %*\r\n');
  } else {
    symlinkSync(path.relative(binDir, path.join(root, 'electron', 'cli', 'trailview.js')), target);
    chmodSync(path.join(root, 'electron', 'cli', 'trailview.js'), 0o755);
  }
}
