// The parallel scan (worker threads over line-aligned parts) must give exactly the sequential
// result: same root, SHA-256, tallies and link breaks, also when a break falls on a part seam.
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { scanLog, type LogScan } from '../../electron/services/verify/scan-log.js';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';
import { explode, implode, sampleVerifier, sealDemo, tempDir } from '../helpers/bundles.js';

let work: string;
let bundle: string;

beforeAll(async () => {
  work = await tempDir();
  bundle = await sealDemo(path.join(work, 'p.trail'), { seed: 4, sessions: 4, size: 3_000_000 });
});

async function scan(file: string, workers: number): Promise<LogScan> {
  const source = await openBundle(file);
  try {
    const entry = source.entry('records.jsonl');
    if (entry === undefined) throw new Error('no records');
    return await scanLog(source, entry, { workers, parallelThreshold: 0 });
  } finally {
    await source.close();
  }
}

function comparable(s: LogScan) {
  return {
    sha256: s.sha256,
    root: s.root.toString('hex'),
    lines: s.scan.lines,
    bytes: s.scan.bytes,
    breaks: s.scan.breaks,
    malformed: s.scan.malformed.map((m) => m.index),
    minTs: s.scan.minTs,
    maxTs: s.scan.maxTs,
    sessions: [...s.scan.sessions.values()].sort((a, b) => a.id.localeCompare(b.id)),
    firstPrev: s.scan.firstPrev,
    lastLeaf: s.scan.lastLeaf,
    bundleStart: s.scan.lastBundleStart?.seq,
  };
}

describe('parallel scan equals sequential scan', () => {
  it('on an intact bundle', async () => {
    const seq = await scan(bundle, 0);
    const par = await scan(bundle, 2);
    expect(seq.mode).toBe('sequential');
    expect(par.mode).toBe('parallel');
    expect(comparable(par)).toEqual(comparable(seq));
  });

  it('on a bundle with records changed all over (so some breaks fall on part seams)', async () => {
    const dir = await explode(bundle, path.join(work, 'dir'));
    const file = path.join(dir, 'records.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (let i = 7; i < lines.length - 1; i += 97) lines[i] = (lines[i] ?? '').replace('"ts":"2', '"ts":"1');
    await writeFile(file, lines.join('\n'));
    const zip = await implode(dir, path.join(work, 'changed.trail'));
    const seq = await scan(zip, 0);
    const par = await scan(zip, 3);
    expect(par.scan.breaks.length).toBeGreaterThan(5);
    expect(comparable(par)).toEqual(comparable(seq));
    const v = await verifyBundle(zip, { trusted: [await sampleVerifier()], workers: 2, parallelThreshold: 0 });
    expect(v.scanMode).toBe('parallel');
    expect(v.findings.filter((f) => f.code === 'RECORD_MODIFIED').length).toBeGreaterThan(5);
  });
});
