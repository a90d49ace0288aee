// Verification on its own thread (import/verify-thread.ts) must give exactly what verifyBundle gives
// in the caller's thread — verdict, findings with their locations, signers — for a good bundle, a
// tampered one, one checked without its key, and a file that is not there.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../electron/core/note-keys.js';
import { resourcePath, SAMPLE_VKEY } from '../../electron/services/resources.js';
import { verifyInThread, verifyThreadAvailable } from '../../electron/services/case/import/verify-thread.js';
import { verifyBundle, type BundleVerification } from '../../electron/services/verify/verify-bundle.js';
import { explode, implode, readRecordLines, sealDemo, tempDir, writeRecordLines } from '../helpers/bundles.js';

let work: string;
let good: string;
let tampered: string;
let keyText: string;

beforeAll(async () => {
  work = await tempDir();
  good = await sealDemo(path.join(work, 'good.trail'), { seed: 21, sessions: 3, size: 80_000 });
  const dir = await explode(good, path.join(work, 'exploded'));
  const lines = await readRecordLines(dir);
  const at = lines.findIndex((l) => l.includes('"type":"cmd"'));
  lines[at] = (lines[at] as string).replace('"type":"cmd"', '"type":"cmd","note":"inserted later"');
  await writeRecordLines(dir, lines);
  tampered = await implode(dir, path.join(work, 'tampered.trail'));
  keyText = (await readFile(resourcePath(...SAMPLE_VKEY), 'utf8')).trim();
});

async function outcome(run: () => Promise<BundleVerification>): Promise<{ result?: BundleVerification; error?: string }> {
  try {
    return { result: await run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe('verifyInThread', () => {
  it('is built (npm test compiles the worker first)', () => {
    expect(verifyThreadAvailable()).toBe(true);
  });

  for (const [name, bundle, trusted] of [
    ['a good bundle with its key', () => good, true],
    ['a tampered bundle', () => tampered, true],
    ['a good bundle without its key', () => good, false],
    ['a missing file', () => path.join(work, 'missing.trail'), true],
  ] as const) {
    it(`gives what verifyBundle gives here: ${name}`, async () => {
      const keys = trusted ? [keyText] : [];
      let progress = 0;
      const there = await outcome(() => verifyInThread({ bundle: bundle(), trusted: keys, savedCheckpoints: [] }, (done) => (progress = Math.max(progress, done))));
      const here = await outcome(() => verifyBundle(bundle(), { trusted: keys.map((k) => parseVerifierKey(k)) }));
      expect(there).toEqual(here);
      if (here.result !== undefined) expect(progress).toBeGreaterThan(0);
    });
  }

  it('the cases above differ where they should (the comparison is not vacuous)', async () => {
    const verdicts = await Promise.all([
      verifyInThread({ bundle: good, trusted: [keyText], savedCheckpoints: [] }, () => undefined),
      verifyInThread({ bundle: tampered, trusted: [keyText], savedCheckpoints: [] }, () => undefined),
      verifyInThread({ bundle: good, trusted: [], savedCheckpoints: [] }, () => undefined),
    ]);
    expect(verdicts.map((v) => v.verdict)).toEqual(['verified', 'invalid', 'untrusted']);
    expect(verdicts[1]?.findings.map((f) => f.code)).toContain('RECORD_MODIFIED');
  });
});
