#!/usr/bin/env node
// `npm start [-- CASE]`: the desktop app when the Electron binary is installed, else web mode.
// Offline machines and CI install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 and have no binary: there
// this says so in one line (stderr) and runs `trailview serve [CASE]`, whose first stdout line is
// the URL to open. README.md, "Running the app", tells how to install Electron from a local copy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);

for (const built of ['build/electron/main.js', 'build/electron/cli/main.js']) {
  if (!existsSync(path.join(repo, built))) {
    process.stderr.write(`trailview: the app is not built (${built} is missing); run \`npm run build\`.\n`);
    process.exit(2);
  }
}

const binary = electronBinary();
if (binary !== null) {
  // package.json "main" is build/electron/main.js; CASE (if any) follows the app path.
  const child = spawn(binary, [repo, ...args], { stdio: 'inherit' });
  child.on('error', (error) => {
    process.stderr.write(`trailview: cannot start Electron (${binary}): ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stderr.write('trailview: the Electron binary is not installed (see README.md, "Running the app"); starting web mode instead\n');
  const { main } = await import(pathToFileURL(path.join(repo, 'build/electron/cli/main.js')).href);
  process.exitCode = await main(['serve', ...args]);
}

/** The Electron executable, if the `electron` package has one (it has none when its download was skipped). */
function electronBinary() {
  try {
    const found = createRequire(import.meta.url)('electron');
    return typeof found === 'string' && existsSync(found) ? found : null;
  } catch {
    return null; // "Electron failed to install correctly": no binary was downloaded
  }
}
