#!/usr/bin/env node
// The `trailview` executable: a thin launcher for the compiled CLI (built by `npm run build`,
// which `npm ci` runs through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = path.resolve(here, '../../build/electron/cli/main.js');
if (!existsSync(compiled)) {
  process.stderr.write(`trailview: the CLI is not built (${compiled} is missing); run \`npm run build\`.\n`);
  process.exit(2);
}
const { main } = await import(pathToFileURL(compiled).href);
process.exitCode = await main(process.argv.slice(2));
