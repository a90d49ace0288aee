// Flip-every-byte: no single-byte change to a small sealed bundle may still verify. In directory
// form every byte of every entry is evidence. In ZIP form some container bytes carry no evidence
// (timestamps, "version made by"); there a change may still verify, but only if every entry's
// bytes are exactly the original ones.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';
import type { VerifierKey } from '../../electron/core/note-keys.js';
import type { TrailEvent } from '../../electron/core/records.js';
import { sealBundle } from '../../electron/services/seal/seal-bundle.js';
import { explode, sampleSigner, sampleVerifier, sourced, tempDir } from '../helpers/bundles.js';

let work: string;
let zip: string;
let dir: string;
let trusted: VerifierKey[];

const ts = (s: number): string => `2024-11-21T04:00:0${s}.000000Z`;
const EVENTS: TrailEvent[] = [
  { ts: ts(0), type: 'session.start', session: 's', user: 'u', host: 'h', tty: 't', term: 'xterm', cols: 80, rows: 24, recorder: { name: 'r', format: 'f' } },
  { ts: ts(1), type: 'out', session: 's', text: '$ ls\r\n' },
  { ts: ts(2), type: 'session.end', session: 's', exitStatus: 0 },
];

beforeAll(async () => {
  work = await tempDir();
  zip = path.join(work, 'tiny.trail');
  await sealBundle({ out: zip, origin: 'o/x', signers: [await sampleSigner()], events: sourced(EVENTS), createdAt: ts(5), bundleId: 'tiny' });
  dir = await explode(zip, path.join(work, 'tiny'));
  trusted = [await sampleVerifier()];
});

async function entryFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await entryFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

async function contents(bundle: string): Promise<Map<string, Buffer> | null> {
  try {
    const source = await openBundle(bundle);
    try {
      return new Map(await Promise.all(source.entries().map(async (e) => [e.name, await source.readEntry(e.name, 1 << 20)] as const)));
    } finally {
      await source.close();
    }
  } catch {
    return null;
  }
}

describe('flip every byte', () => {
  it('of every entry of a directory bundle: never verified', async () => {
    expect((await verifyBundle(dir, { trusted })).verdict).toBe('verified');
    let flips = 0;
    for (const name of await entryFiles(dir)) {
      const file = path.join(dir, ...name.split('/'));
      const original = await readFile(file);
      for (let i = 0; i < original.length; i++) {
        const mutated = Buffer.from(original);
        mutated[i] = (mutated[i] as number) ^ 0x01;
        await writeFile(file, mutated);
        const v = await verifyBundle(dir, { trusted });
        expect(v.verdict, `${name} byte ${i}`).not.toBe('verified');
        expect(v.findings.length, `${name} byte ${i}`).toBeGreaterThan(0);
        flips++;
      }
      await writeFile(file, original);
    }
    expect(flips).toBeGreaterThan(1500);
  });

  it('of a ZIP bundle: verified only when every entry is byte-identical', async () => {
    const original = await readFile(zip);
    const reference = await contents(zip);
    const mutatedPath = path.join(work, 'mutated.trail');
    let stillVerified = 0;
    for (let i = 0; i < original.length; i++) {
      const mutated = Buffer.from(original);
      mutated[i] = (mutated[i] as number) ^ 0x01;
      await writeFile(mutatedPath, mutated);
      const v = await verifyBundle(mutatedPath, { trusted });
      if (v.verdict === 'verified') {
        stillVerified++;
        expect(await contents(mutatedPath), `byte ${i}`).toEqual(reference);
      }
    }
    // Most bytes are evidence. The rest is per-entry container metadata that carries none
    // (DOS times, versions, attributes, data descriptors): about 40 bytes for each of the 5 entries.
    expect(stillVerified).toBeLessThan(5 * 50);
  });
});
