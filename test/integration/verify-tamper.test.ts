// Tamper tests: every finding code, provoked by changing a sealed demo bundle the way an attacker
// or an accident would, and located where the change was made.
import { cp, readFile, rm, truncate, unlink, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpointBody, signCheckpoint } from '../../electron/core/checkpoint.js';
import { CompactRange } from '../../electron/core/compact-range.js';
import { toHex } from '../../electron/core/hex.js';
import { generateKey, parseSignerKey } from '../../electron/core/note-keys.js';
import { encodeRecord } from '../../electron/core/record-encoding.js';
import { GENESIS_PREV, type TrailEvent } from '../../electron/core/records.js';
import { leafHash } from '../../electron/core/sha256.js';
import { parseSavedCheckpoint } from '../../electron/services/verify/saved-checkpoint.js';
import { verifyBundle, type BundleVerification } from '../../electron/services/verify/verify-bundle.js';
import type { VerifierKey } from '../../electron/core/note-keys.js';
import { explode, implode, readRecordLines, sampleVerifier, sealDemo, tempDir, writeRecordLines } from '../helpers/bundles.js';

let work: string;
let pristine: string; // directory form of a sealed demo bundle
let pristineZip: string;
let trusted: VerifierKey[];

beforeAll(async () => {
  work = await tempDir();
  pristineZip = await sealDemo(path.join(work, 'demo.trail'), { seed: 11, sessions: 3, size: 60_000 });
  pristine = await explode(pristineZip, path.join(work, 'pristine'));
  trusted = [await sampleVerifier()];
});

let counter = 0;
async function copy(): Promise<string> {
  const dir = path.join(work, `case-${++counter}`);
  await cp(pristine, dir, { recursive: true });
  return dir;
}

async function verify(p: string, keys: VerifierKey[] = trusted, extra: Parameters<typeof verifyBundle>[1] = { trusted: keys }): Promise<BundleVerification> {
  return verifyBundle(p, { ...extra, trusted: keys });
}

function codes(v: BundleVerification): string[] {
  return [...new Set(v.findings.map((f) => f.code))].sort();
}

function recordFinding(v: BundleVerification, code: string) {
  return v.findings.find((f) => f.code === code && f.entry === 'records.jsonl');
}

describe('a pristine sealed demo bundle', () => {
  it('verifies as zip and as directory, and is untrusted without the key', async () => {
    const zip = await verify(pristineZip);
    expect(zip.verdict).toBe('verified');
    expect(zip.findings).toEqual([]);
    expect(zip.records).toBeGreaterThan(100);
    expect(zip.recordsValid).toBe(zip.records);
    expect((await verify(pristine)).verdict).toBe('verified');
    const untrusted = await verify(pristineZip, []);
    expect(untrusted.verdict).toBe('untrusted');
    expect(codes(untrusted)).toEqual(['KEY_UNTRUSTED']);
  });

  it('leaves the bundle byte-identical', async () => {
    const before = await readFile(pristineZip);
    await verify(pristineZip);
    expect((await readFile(pristineZip)).equals(before)).toBe(true);
  });
});

describe('record tampering is named and located', () => {
  it('RECORD_MODIFIED: one character of output changed', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    const i = lines.findIndex((l, n) => n > 20 && l.includes('"type":"out"'));
    lines[i] = (lines[i] ?? '').replace(/"text":"(.)/, (_m, c: string) => `"text":"${c === 'x' ? 'y' : 'x'}`);
    await writeRecordLines(dir, lines);
    const v = await verify(dir);
    expect(v.verdict).toBe('invalid');
    const f = recordFinding(v, 'RECORD_MODIFIED');
    expect(f?.line).toBe(i + 1);
    expect(f?.seq).toBe(i + 1);
    expect(f?.offset).toBe(lines.slice(0, i).reduce((a, l) => a + Buffer.byteLength(l) + 1, 0));
    expect(codes(v)).toContain('CHECKPOINT_MISMATCH');
  });

  it('RECORD_MODIFIED: the last record, which only the signed root covers', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    lines[lines.length - 1] = (lines[lines.length - 1] ?? '').replace('"exitStatus":0', '"exitStatus":1');
    await writeRecordLines(dir, lines);
    const v = await verify(dir);
    expect(v.verdict).toBe('invalid');
    const f = v.findings.find((x) => x.code === 'CHECKPOINT_MISMATCH');
    expect(f?.message).toContain(`the last record (line ${lines.length}) was changed`);
  });

  it('RECORD_MISSING: three records removed', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    await writeRecordLines(dir, [...lines.slice(0, 40), ...lines.slice(43)]);
    const v = await verify(dir);
    const f = recordFinding(v, 'RECORD_MISSING');
    expect(f?.seq).toBe(41);
    expect(f?.message).toContain('seq 41–43');
    expect(f?.line).toBe(41);
  });

  it('RECORD_INSERTED: a forged record slipped in with its neighbour\u2019s seq and prev', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    const next = JSON.parse(lines[30] ?? '{}') as { prev: string; ts: string; session: string };
    const forged = encodeRecord(next.prev, 31, { ts: next.ts, type: 'cmd', session: next.session, text: 'echo innocent', source: 'recorder', confidence: 1 });
    await writeRecordLines(dir, [...lines.slice(0, 30), forged, ...lines.slice(30)]);
    const v = await verify(dir);
    expect(recordFinding(v, 'RECORD_INSERTED')?.line).toBe(31);
    expect(codes(v)).not.toContain('RECORD_MODIFIED');
  });

  it('RECORD_REORDERED: two records swapped', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    [lines[50], lines[51]] = [lines[51] ?? '', lines[50] ?? ''];
    await writeRecordLines(dir, lines);
    const v = await verify(dir);
    const f = recordFinding(v, 'RECORD_REORDERED');
    expect([51, 52]).toContain(f?.line);
    expect(codes(v).filter((c) => c.startsWith('RECORD_'))).toEqual(['RECORD_REORDERED']);
  });

  it('RECORD_DUPLICATED: a record repeated byte for byte', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    await writeRecordLines(dir, [...lines.slice(0, 61), lines[60] ?? '', ...lines.slice(61)]);
    const v = await verify(dir);
    expect(recordFinding(v, 'RECORD_DUPLICATED')?.line).toBe(62);
  });

  it('TRUNCATED: records.jsonl cut in the middle of a line, and the tail removed', async () => {
    const dir = await copy();
    const file = path.join(dir, 'records.jsonl');
    await truncate(file, (await stat(file)).size - 25);
    const v = await verify(dir);
    const cut = v.findings.filter((f) => f.code === 'TRUNCATED');
    expect(cut.some((f) => f.message.includes('ends in the middle of a line'))).toBe(true);
    expect(cut.some((f) => f.message.includes('records are gone'))).toBe(true);

    const dir2 = await copy();
    const lines = await readRecordLines(dir2);
    await writeRecordLines(dir2, lines.slice(0, -5));
    const v2 = await verify(dir2);
    expect(v2.findings.find((f) => f.code === 'TRUNCATED')?.message).toContain('5 records are gone');
  });

  it('MALFORMED_RECORD: a line that is not JSON, and one that is not UTF-8', async () => {
    const dir = await copy();
    const lines = await readRecordLines(dir);
    lines[10] = (lines[10] ?? '').slice(0, -1);
    await writeRecordLines(dir, lines);
    const v = await verify(dir);
    const f = recordFinding(v, 'MALFORMED_RECORD');
    expect(f?.line).toBe(11);
    expect(f?.message).toContain('not valid JSON');

    const dir2 = await copy();
    const bytes = await readFile(path.join(dir2, 'records.jsonl'));
    const at = bytes.indexOf('"text":"') + 8;
    bytes[at] = 0xff;
    await writeFile(path.join(dir2, 'records.jsonl'), bytes);
    expect(recordFinding(await verify(dir2), 'MALFORMED_RECORD')?.message).toContain('not valid UTF-8');
  });
});

describe('an attacker who recomputes the chain and tree', () => {
  async function forgeWithInsert(dir: string): Promise<{ lines: string[]; root: Buffer }> {
    const old = await readRecordLines(dir);
    const events = old.map((l) => {
      const { prev: _p, seq: _s, ...event } = JSON.parse(l) as Record<string, unknown>;
      return event as TrailEvent;
    });
    const at = 25;
    const ts = events[at]?.ts ?? '2024-11-21T04:00:00.000000Z';
    events.splice(at, 0, { ts, type: 'cmd', session: events[at]?.session ?? 's', text: 'true', source: 'recorder', confidence: 1 });
    let prev = GENESIS_PREV;
    const range = new CompactRange();
    const lines = events.map((e, i) => {
      const line = encodeRecord(prev, i + 1, e);
      const leaf = leafHash(Buffer.from(line));
      range.append(leaf);
      prev = toHex(leaf);
      return line;
    });
    await writeRecordLines(dir, lines);
    return { lines, root: range.root() };
  }

  it('keeping the old checkpoint: the tree no longer matches and a record is unsigned', async () => {
    const dir = await copy();
    await forgeWithInsert(dir);
    const v = await verify(dir);
    expect(v.verdict).toBe('invalid');
    expect(codes(v)).toEqual(expect.arrayContaining(['CHECKPOINT_MISMATCH', 'RECORD_INSERTED']));
  });

  it('writing a new checkpoint under the old signature: SIGNATURE_INVALID', async () => {
    const dir = await copy();
    const { lines, root } = await forgeWithInsert(dir);
    const oldNote = await readFile(path.join(dir, 'checkpoint'), 'utf8');
    const sigLines = oldNote.slice(oldNote.indexOf('\n\n') + 2);
    const body = formatCheckpointBody({ origin: 'test.example/log', treeSize: lines.length, rootHash: root });
    await writeFile(path.join(dir, 'checkpoint'), `${body}\n${sigLines}`);
    const v = await verify(dir);
    expect(v.verdict).toBe('invalid');
    expect(v.findings.find((f) => f.code === 'SIGNATURE_INVALID')?.entry).toBe('checkpoint');
    expect(codes(v)).not.toContain('CHECKPOINT_MISMATCH');
  });

  it('re-signing with their own key (same name): never verified', async () => {
    const dir = await copy();
    const { lines, root } = await forgeWithInsert(dir);
    const attacker = parseSignerKey(generateKey('trailview-sample').skey);
    const body = formatCheckpointBody({ origin: 'test.example/log', treeSize: lines.length, rootHash: root });
    await writeFile(path.join(dir, 'checkpoint'), signCheckpoint(body, [attacker]));
    await writeFile(path.join(dir, 'keys', 'trailview-sample.vkey'), `${attacker.verifierKey}\n`);
    const v = await verify(dir);
    expect(v.verdict).not.toBe('verified');
    expect(codes(v)).toContain('KEY_UNTRUSTED');
    expect(v.signers.every((s) => !s.trusted)).toBe(true);
  });
});

describe('checkpoint, signature, keys and manifest', () => {
  it('CHECKPOINT_MISMATCH: an unreadable checkpoint; a changed root', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'checkpoint'), 'not a checkpoint');
    const v = await verify(dir);
    expect(v.findings.find((f) => f.code === 'CHECKPOINT_MISMATCH')?.message).toContain('cannot be read');

    const dir2 = await copy();
    const note = await readFile(path.join(dir2, 'checkpoint'), 'utf8');
    const lines = note.split('\n');
    lines[2] = Buffer.alloc(32, 7).toString('base64');
    await writeFile(path.join(dir2, 'checkpoint'), lines.join('\n'));
    const v2 = await verify(dir2);
    expect(codes(v2)).toEqual(expect.arrayContaining(['CHECKPOINT_MISMATCH', 'SIGNATURE_INVALID']));
  });

  it('SIGNATURE_INVALID: one flipped bit in the signature', async () => {
    const dir = await copy();
    const file = path.join(dir, 'checkpoint');
    const note = await readFile(file, 'utf8');
    const sigAt = note.lastIndexOf(' ') + 20;
    const flipped = note.slice(0, sigAt) + (note[sigAt] === 'A' ? 'B' : 'A') + note.slice(sigAt + 1);
    await writeFile(file, flipped);
    const v = await verify(dir);
    expect(v.verdict).toBe('invalid');
    expect(v.findings.find((f) => f.code === 'SIGNATURE_INVALID')?.line).toBe(5);
  });

  it('MANIFEST_MISMATCH: count, identity, sessions and entry hashes are all checked', async () => {
    for (const mutate of [
      (m: Record<string, unknown>) => (m.records = (m.records as number) + 1),
      (m: Record<string, unknown>) => (m.bundleId = 'someone-else'),
      (m: Record<string, unknown>) => (m.origin = 'elsewhere/log'),
      (m: Record<string, unknown>) => ((m.sessions as Array<Record<string, unknown>>)[0]!.user = 'nobody'),
      (m: Record<string, unknown>) => ((m.entries as Array<Record<string, unknown>>)[0]!.sha256 = '0'.repeat(64)),
      (m: Record<string, unknown>) => (m.timeRange = { start: '2000-01-01T00:00:00.000000Z', end: '2000-01-01T00:00:00.000000Z' }),
    ]) {
      const dir = await copy();
      const file = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      mutate(manifest);
      await writeFile(file, JSON.stringify(manifest));
      const v = await verify(dir);
      expect(v.verdict).toBe('invalid');
      expect(codes(v)).toEqual(['MANIFEST_MISMATCH']);
    }
  });

  it('FILE_MISSING and FILE_UNLISTED', async () => {
    const dir = await copy();
    await unlink(path.join(dir, 'keys', 'trailview-sample.vkey'));
    await writeFile(path.join(dir, 'notes.txt'), 'planted');
    const v = await verify(dir);
    expect(v.findings.find((f) => f.code === 'FILE_MISSING')?.entry).toBe('keys/trailview-sample.vkey');
    expect(v.findings.find((f) => f.code === 'FILE_UNLISTED')?.entry).toBe('notes.txt');

    const dir2 = await copy();
    await unlink(path.join(dir2, 'checkpoint'));
    const v2 = await verify(dir2);
    expect(v2.verdict).toBe('invalid');
    expect(v2.findings.filter((f) => f.code === 'FILE_MISSING').map((f) => f.entry)).toContain('checkpoint');
  });

  it('unsigned: a consistent bundle whose checkpoint carries no signature', async () => {
    const out = await sealDemo(path.join(work, 'unsigned.trail'), { seed: 11, sessions: 2, size: 20_000 }, 'test.example/log', []);
    const v = await verify(out);
    expect(v.verdict).toBe('unsigned');
    expect(v.findings).toEqual([]);
  });
});

describe('the ZIP container', () => {
  it('a truncated bundle file is invalid with TRUNCATED, never a crash', async () => {
    const cut = path.join(work, 'cut.trail');
    const bytes = await readFile(pristineZip);
    for (const keep of [bytes.length - 1, bytes.length - 30, Math.floor(bytes.length / 2), 10]) {
      await writeFile(cut, bytes.subarray(0, keep));
      const v = await verify(cut);
      expect(v.verdict).toBe('invalid');
      expect(codes(v).length).toBeGreaterThan(0);
    }
  });

  it('a directory bundle zipped again verifies the same', async () => {
    const out = await implode(pristine, path.join(work, 'rezipped.trail'));
    expect((await verify(out)).verdict).toBe('verified');
    await rm(out);
  });
});

describe('NOT_CONSISTENT: saved checkpoints catch rollback and fork', () => {
  it('accepts an extension, refuses a rollback and a fork', async () => {
    const first = await sealDemo(path.join(work, 'log-1.trail'), { seed: 21, sessions: 2, size: 20_000 });
    const { sealBundle } = await import('../../electron/services/seal/seal-bundle.js');
    const { sampleSigner, sourced } = await import('../helpers/bundles.js');
    const { generateDemoEvents } = await import('../../electron/services/demo/generate-demo.js');
    const signer = await sampleSigner();
    const second = path.join(work, 'log-2.trail');
    await sealBundle({ out: second, origin: 'test.example/log', signers: [signer], events: sourced(generateDemoEvents({ seed: 22, sessions: 1, size: 5_000 })), continueFrom: first });
    const fork = await sealDemo(path.join(work, 'log-fork.trail'), { seed: 23, sessions: 3, size: 40_000 });

    const savedFirst = parseSavedCheckpoint(await readCheckpointOf(first), 'first');
    const savedSecond = parseSavedCheckpoint(await readCheckpointOf(second), 'second');

    const extended = await verify(second, trusted, { trusted, savedCheckpoints: [savedFirst] });
    expect(extended.verdict).toBe('verified');
    expect(extended.consistency).toEqual([expect.objectContaining({ consistent: true, treeSize: savedFirst.treeSize })]);

    const rollback = await verify(first, trusted, { trusted, savedCheckpoints: [savedSecond] });
    expect(rollback.verdict).toBe('invalid');
    expect(rollback.findings.find((f) => f.code === 'NOT_CONSISTENT')?.message).toContain('rollback');

    const forked = await verify(fork, trusted, { trusted, savedCheckpoints: [savedFirst] });
    const f = forked.findings.find((x) => x.code === 'NOT_CONSISTENT');
    expect(f?.message).toContain('fork');
    expect(f?.message).toContain(`size ${savedFirst.treeSize}`);
  });
});

async function readCheckpointOf(bundle: string): Promise<string> {
  const dir = await explode(bundle, path.join(work, `cp-${++counter}`));
  return readFile(path.join(dir, 'checkpoint'), 'utf8');
}

