// Verifies one bundle in a fresh process and prints what the benchmark needs: time inside the
// process, verdict, records and peak RSS (so memory is measured per run, not per benchmark).
import { readFile } from 'node:fs/promises';
import { parseVerifierKey } from '../../electron/core/note-keys.js';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';

const [bundle, vkeyFile, workers] = process.argv.slice(2);
if (bundle === undefined || vkeyFile === undefined) {
  process.stderr.write('usage: verify-child BUNDLE VKEY [WORKERS]\n');
  process.exit(2);
}
const trusted = [parseVerifierKey((await readFile(vkeyFile, 'utf8')).trim())];
const started = performance.now();
const v = await verifyBundle(bundle, { trusted, ...(workers !== undefined ? { workers: Number(workers) } : {}) });
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms, verdict: v.verdict, records: v.records, scanMode: v.scanMode, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
