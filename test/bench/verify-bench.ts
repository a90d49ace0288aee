// Verification benchmarks (issue: evidence core): a ≥ 1 GiB output-heavy bundle against
// `openssl dgst -sha256` on the same file, one million small records, and peak memory at two
// bundle sizes (it must not grow with the bundle).
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { demoBundle, smallRecordsBundle } from './bench-data.js';
import { median, spread, type BenchResult } from './bench-result.js';

const run = promisify(execFile);
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'verify-child.js');

interface ChildResult {
  ms: number;
  wallMs: number;
  verdict: string;
  records: number;
  scanMode: string;
  maxRssMiB: number;
}

async function verifyInChild(bundle: string, workers?: number): Promise<ChildResult> {
  const started = performance.now();
  const args = [CHILD, bundle, resourcePath(...SAMPLE_VKEY), ...(workers !== undefined ? [String(workers)] : [])];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
  const wallMs = performance.now() - started;
  const parsed = JSON.parse(stdout) as Omit<ChildResult, 'wallMs'>;
  if (parsed.verdict !== 'verified') throw new Error(`benchmark bundle ${bundle} did not verify: ${parsed.verdict}`);
  return { ...parsed, wallMs };
}

async function opensslMs(file: string): Promise<number> {
  const started = performance.now();
  await run('openssl', ['dgst', '-sha256', file]);
  return performance.now() - started;
}

export async function benchVerify(log: (line: string) => void): Promise<BenchResult[]> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const bigSize = Number(process.env.BENCH_VERIFY_BYTES ?? 2 ** 30);
  const results: BenchResult[] = [];

  log(`preparing a ${(bigSize / 2 ** 30).toFixed(2)} GiB demo bundle (cached in .cache/bench)...`);
  const big = await demoBundle(bigSize);
  const bigBytes = (await stat(big)).size;
  const ours: number[] = [];
  const theirs: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < rounds; r++) {
    theirs.push(await opensslMs(big));
    const v = await verifyInChild(big);
    ours.push(v.wallMs);
    rss.push(v.maxRssMiB);
    log(`  round ${r + 1}: verify ${v.wallMs.toFixed(0)} ms (${v.scanMode}), openssl ${theirs[theirs.length - 1]?.toFixed(0)} ms, peak RSS ${v.maxRssMiB.toFixed(0)} MiB`);
  }
  const oursS = median(ours) / 1000;
  const theirsS = median(theirs) / 1000;
  results.push({
    name: `verify ${(bigBytes / 2 ** 30).toFixed(2)} GiB output-heavy bundle (wall, whole process)`,
    value: oursS,
    unit: 's',
    baseline: { name: 'openssl dgst -sha256, same file', value: theirsS },
    ratio: oursS / theirsS,
    target: '≤ 1.5× openssl',
    note: `verify ${spread(ours.map((x) => x / 1000))}; openssl ${spread(theirs.map((x) => x / 1000))}; ${(bigBytes / 2 ** 20 / oursS).toFixed(0)} MiB/s`,
  });

  log('preparing a 1,000,000-record bundle...');
  const small = await smallRecordsBundle(1_000_000);
  const smallRates: number[] = [];
  const smallBaseline: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const v = await verifyInChild(small);
    smallRates.push(v.records / (v.ms / 1000));
    const o = await opensslMs(small);
    smallBaseline.push(v.records / (o / 1000));
    log(`  round ${r + 1}: ${v.records} records in ${v.ms.toFixed(0)} ms (${v.scanMode})`);
  }
  results.push({
    name: '1,000,000 small records (~200 B): verify rate',
    value: median(smallRates),
    unit: 'records/s',
    baseline: { name: 'openssl dgst -sha256 of the same file, as records/s', value: median(smallBaseline) },
    ratio: median(smallRates) / median(smallBaseline),
    target: '≥ 600,000 records/s',
    note: spread(smallRates, 0),
  });

  log('memory: a bundle one tenth the size...');
  const tenth = await demoBundle(Math.round(bigSize / 10));
  const tenthRss: number[] = [];
  for (let r = 0; r < rounds; r++) tenthRss.push((await verifyInChild(tenth)).maxRssMiB);
  results.push({
    name: 'peak RSS verifying the 1 GiB bundle',
    value: median(rss),
    unit: 'MiB',
    baseline: { name: 'the same for a bundle 1/10 the size', value: median(tenthRss) },
    ratio: median(rss) / median(tenthRss),
    target: 'does not grow with bundle size (ratio ≈ 1)',
    note: `1 GiB: ${spread(rss, 0)}; 1/10: ${spread(tenthRss, 0)}`,
  });
  return results;
}
