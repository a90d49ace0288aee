// Importing evidence (electron/services/case/import/): demo bundles and the real fixture
// recordings, what lands in the catalog and the index shards, byte-exact read-only evidence,
// duplicates, cancellation and failure leaving the folder exactly as before, the database size
// boundary, and evidence or shards edited by hand afterwards. The heavy part runs in the worker
// thread from build/ (npm run build first, as `npm test` does).
import { chmod, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStreamBytes } from '../../electron/core/record-encoding.js';
import { openBundle } from '../../electron/services/bundle/open-bundle.js';
import { createCase, openCase } from '../../electron/services/case/case.js';
import { verifyCase } from '../../electron/services/case/case-verify.js';
import { hashItem } from '../../electron/services/case/evidence-files.js';
import { importEvidence, type ImportProgress } from '../../electron/services/case/import/import-evidence.js';
import { verifyBundle } from '../../electron/services/verify/verify-bundle.js';
import { sampleVerifier, tempDir } from '../helpers/bundles.js';
import { bundleFailingMidway, demoBundle, editFile, FIXTURES, recordTypes, sha256File, snapshotFolder } from '../helpers/case-fixtures.js';

function flip(bytes: Buffer, at: number): Buffer {
  bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
  return bytes;
}

async function emptyCase(): Promise<string> {
  const dir = path.join(await tempDir('tv-case-'), 'case');
  await (await createCase(dir)).close();
  return dir;
}

let demo: string;
let demoSha: string;
let trusted: Awaited<ReturnType<typeof sampleVerifier>>[];
beforeAll(async () => {
  demo = await demoBundle(11, 300_000);
  // A whole-second time survives every way of setting it back (tests that edit "keeping times").
  await utimes(demo, 1_732_161_600, 1_732_161_600);
  demoSha = await sha256File(demo);
  trusted = [await sampleVerifier()];
});

describe('importing a bundle', () => {
  it('copies it byte-exact and read-only, verifies, and indexes sessions, commands and output', async () => {
    const dir = await emptyCase();
    const progress: ImportProgress[] = [];
    const [outcome] = await importEvidence(dir, [demo], { trusted, onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ status: 'imported', duplicate: false, sha256: demoSha, kind: 'bundle', verdict: 'verified', storedAs: `evidence/${demoSha}` });
    const types = await recordTypes(demo);
    expect(outcome?.commands).toBe(types.get('cmd'));
    expect(outcome?.sessions).toBe(types.get('session.start'));

    const stored = path.join(dir, 'evidence', demoSha);
    expect(Buffer.compare(await readFile(stored), await readFile(demo))).toBe(0);
    expect((await stat(stored)).mode & 0o222).toBe(0);
    expect(Math.abs((await stat(stored)).mtimeMs - (await stat(demo)).mtimeMs)).toBeLessThan(1);
    expect(progress.some((p) => p.phase === 'copy')).toBe(true);
    expect(progress.some((p) => p.phase === 'parse' && p.records > 0 && p.bytesTotal > 0)).toBe(true);
    expect(progress.every((p) => p.item === 0 && p.items === 1)).toBe(true);

    const handle = await openCase(dir, { readOnly: true });
    try {
      expect(handle.problems).toEqual([]);
      const evidence = handle.db.exec('SELECT verdict, records, sessions, commands, kind FROM evidence')[0]?.values[0];
      expect(evidence).toEqual(['verified', [...types.values()].reduce((a, b) => a + b, 0), types.get('session.start'), types.get('cmd'), 'bundle']);
      const shards = handle.indexShards();
      expect(shards).toHaveLength(1);
      const shard = await handle.openIndex(shards[0] as (typeof shards)[0]);
      expect(shard.exec('SELECT count(*) FROM commands')[0]?.values[0]?.[0]).toBe(types.get('cmd'));
      // Every output run points at out records of its session in records.jsonl: bytes add up.
      const runs = shard.exec('SELECT s.session_key, o.offset, o.length, o.records, o.bytes FROM output_index o JOIN sessions s ON s.id = o.session_id')[0]?.values ?? [];
      const bundle = await openBundle(stored);
      const log = await bundle.readEntry('records.jsonl', 1 << 30);
      await bundle.close();
      let total = 0;
      for (const [session, offset, length, records, bytes] of runs as Array<[string, number, number, number, number]>) {
        const lines = log.subarray(offset, offset + length).toString('utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l) as { type: string; session: string; text?: string; b64?: string });
        const mine = lines.filter((r) => r.type === 'out' && r.session === session);
        expect(mine).toHaveLength(records);
        expect(mine.reduce((sum, r) => sum + decodeStreamBytes(r).length, 0)).toBe(bytes);
        total += bytes;
      }
      expect(total).toBe(outcome?.outputBytes);
      const activity = await handle.activity();
      // Each import is followed by the analyzers' run (issue 8, services/analyze/after-import.ts).
      expect(activity.map((a) => a.action)).toEqual(['case.created', 'evidence.imported', 'flags.analyzed']);
      expect(activity[1]?.details).toMatchObject({ sha256: demoSha, verdict: 'verified', kind: 'bundle' });
    } finally {
      await handle.close();
    }
  });

  it('detects the same evidence imported twice, in one call and across calls', async () => {
    const dir = await emptyCase();
    const first = await importEvidence(dir, [demo, demo], { trusted });
    expect(first.map((o) => o.status)).toEqual(['imported', 'duplicate']);
    const before = await snapshotFolder(dir);
    const again = await importEvidence(dir, [demo], { trusted });
    expect(again[0]).toMatchObject({ status: 'duplicate', duplicate: true, sha256: demoSha });
    expect(await snapshotFolder(dir)).toEqual(before);
  });

  it('records a bundle that fails verification with its verdict and findings', async () => {
    const dir = await emptyCase();
    const [outcome] = await importEvidence(dir, [demo], { trusted: [] });
    expect(outcome).toMatchObject({ status: 'imported', verdict: 'untrusted' });
    expect(outcome?.problems.some((p) => /KEY_UNTRUSTED/.test(p.message))).toBe(true);
  });
});

describe('importing raw recordings (marked unsealed)', () => {
  it('keeps each original byte-exact and indexes an unsigned bundle derived from it', async () => {
    const dir = await emptyCase();
    const cast = path.join(FIXTURES, 'asciicast', 'session.cast');
    const sudo = path.join(FIXTURES, 'sudo', 'iolog');
    const outcomes = await importEvidence(dir, [cast, sudo], { trusted });
    expect(outcomes.map((o) => [o.status, o.kind, o.verdict])).toEqual([
      ['imported', 'recording', 'raw'],
      ['imported', 'recording', 'raw'],
    ]);
    const [castOutcome, sudoOutcome] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0]];
    expect(castOutcome.sha256).toBe(await sha256File(cast));
    expect(Buffer.compare(await readFile(path.join(dir, castOutcome.storedAs as string)), await readFile(cast))).toBe(0);
    // A folder is stored as a folder, named by the SHA-256 of its listing, every file byte-exact.
    expect(sudoOutcome.sha256).toBe((await hashItem(sudo)).sha256);
    expect((await hashItem(path.join(dir, sudoOutcome.storedAs as string))).sha256).toBe(sudoOutcome.sha256);
    expect(sudoOutcome.sessions).toBeGreaterThan(1);
    for (const o of outcomes) {
      const derived = path.join(dir, o.indexSource as string);
      expect((await stat(derived)).mode & 0o222).toBe(0);
      expect((await verifyBundle(derived, { trusted: [] })).verdict).toBe('unsigned');
      expect(o.commands).toBeGreaterThan(0);
    }
    const handle = await openCase(dir, { readOnly: true });
    const rows = handle.db.exec('SELECT kind, verdict, index_source IS NOT NULL, format FROM evidence ORDER BY id')[0]?.values;
    expect(rows?.map((r) => r.slice(0, 3))).toEqual([
      ['recording', 'raw', 1],
      ['recording', 'raw', 1],
    ]);
    expect(String(rows?.[0]?.[3])).toMatch(/asciicast/);
    await handle.close();
  });

  it('reports what it cannot read and leaves no trace of it', async () => {
    const dir = await emptyCase();
    const junk = path.join(await tempDir(), 'notes.txt');
    await writeFile(junk, 'just some notes, not a recording\n');
    const before = await snapshotFolder(dir);
    const [outcome] = await importEvidence(dir, [junk], { trusted });
    expect(outcome).toMatchObject({ status: 'failed', sha256: null });
    expect(outcome?.problems[0]?.message).toMatch(/not a Trail bundle, and not a recording/);
    expect(await snapshotFolder(dir)).toEqual(before);
  });
});

describe('all or nothing', () => {
  it('a cancelled import leaves the case folder exactly as before', async () => {
    const big = await demoBundle(12, 6_000_000);
    for (const phase of ['copy', 'parse'] as const) {
      const dir = await emptyCase();
      await importEvidence(dir, [demo], { trusted });
      const before = await snapshotFolder(dir);
      const controller = new AbortController();
      const err = await importEvidence(dir, [big], {
        trusted,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'IMPORT_CANCELLED' });
      expect(await snapshotFolder(dir)).toEqual(before);
    }
  });

  it('a bundle that fails in the middle of parsing leaves no trace; the other items are imported', async () => {
    const broken = await bundleFailingMidway(13);
    const dir = await emptyCase();
    const before = await snapshotFolder(dir);
    let records = 0;
    const [alone] = await importEvidence(dir, [broken], { trusted, onProgress: (p) => (records = Math.max(records, p.records)) });
    expect(alone?.status).toBe('failed');
    expect(alone?.problems[0]?.message).toMatch(/records\.jsonl/);
    expect(records).toBeGreaterThan(0); // it did get into the records before failing
    expect(await snapshotFolder(dir)).toEqual(before);

    const outcomes = await importEvidence(dir, [broken, demo], { trusted });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'imported']);
    const after = await snapshotFolder(dir);
    expect(Object.keys(after).filter((k) => k.startsWith('evidence/'))).toEqual([`evidence/${demoSha}`]);
  });

  it('a failure after several parts closed (written or waiting for the verdict) leaves no trace either', async () => {
    const broken = await bundleFailingMidway(15, 3_000_000);
    const dir = await emptyCase();
    const before = await snapshotFolder(dir);
    // Small parts: several close before the damage is reached, some waiting for the verdict.
    const [outcome] = await importEvidence(dir, [broken], { trusted, limits: { shardRollBytes: 60_000 } });
    expect(outcome?.status).toBe('failed');
    expect(await snapshotFolder(dir)).toEqual(before);
    // The same limits on a good bundle do give several parts, so the failure above came after some.
    const [good] = await importEvidence(dir, [await demoBundle(15, 3_000_000)], { trusted, limits: { shardRollBytes: 60_000 } });
    expect(good?.shards).toBeGreaterThan(3);
  });

  it('the database size boundary: shards roll over below it; past it CASE_FULL and nothing is written', async () => {
    const big = await demoBundle(14, 3_000_000, 12);
    const dir = await emptyCase();
    const [rolled] = await importEvidence(dir, [big], { trusted, limits: { shardRollBytes: 200_000 } });
    expect(rolled?.shards).toBeGreaterThan(1);
    const handle = await openCase(dir, { readOnly: true });
    const shards = handle.indexShards();
    let commands = 0;
    let nextId = 1;
    for (const shard of shards) {
      const db = await handle.openIndex(shard);
      const [count, min, max] = (db.exec('SELECT count(*), min(id), max(id) FROM commands')[0]?.values[0] ?? []) as Array<number | null>;
      expect([min, max]).toEqual([shard.firstCommandId, shard.lastCommandId]);
      if (count !== 0) {
        expect(min).toBe(nextId); // ids continue from shard to shard: unique in the whole case
        nextId = (max ?? 0) + 1;
      }
      commands += count ?? 0;
      handle.releaseIndex(shard);
    }
    expect(commands).toBe(rolled?.commands);
    await handle.close();

    for (const limits of [{ maxDatabaseBytes: 150_000 }, { maxCatalogBytes: 40_000 }]) {
      const small = await emptyCase();
      const before = await snapshotFolder(small);
      const err = await importEvidence(small, [demo], { trusted, limits }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CASE_FULL' });
      expect((err as Error).message).toMatch(/nothing was (written|imported)/);
      expect(await snapshotFolder(small)).toEqual(before);
    }
  });

  it('one import at a time per case; a handle held open imports too', async () => {
    const dir = await emptyCase();
    const handle = await openCase(dir);
    try {
      const first = importEvidence(handle, [demo], { trusted });
      await expect(importEvidence(handle, [demo], { trusted })).rejects.toMatchObject({ code: 'CASE_LOCKED' });
      expect((await first)[0]?.status).toBe('imported');
      expect(await handle.openIndexes()).toHaveLength(1);
      await handle.appendActivity('search.run', { query: 'sudo' });
    } finally {
      await handle.close();
    }
    const reopened = await openCase(dir, { readOnly: true });
    expect((await reopened.activity()).map((a) => a.action)).toEqual(['case.created', 'evidence.imported', 'flags.analyzed', 'search.run']);
    await reopened.close();
  });

  it('runs the same in this thread as in the worker', async () => {
    const a = await emptyCase();
    const b = await emptyCase();
    const [inWorker] = await importEvidence(a, [demo], { trusted });
    const [inThread] = await importEvidence(b, [demo], { trusted, inThread: true });
    expect({ ...inThread, evidenceId: 0 }).toEqual({ ...inWorker, evidenceId: 0 });
  });
});

describe('evidence and index edited after the import', () => {
  async function importedCase(): Promise<string> {
    const dir = await emptyCase();
    await importEvidence(dir, [demo, path.join(FIXTURES, 'sudo', 'iolog')], { trusted });
    return dir;
  }

  it('a changed evidence file is detected on open; verify names it', async () => {
    const dir = await importedCase();
    const stored = path.join(dir, 'evidence', demoSha);
    await editFile(stored, (b) => {
      return flip(b, b.length - 100);
    });
    await expect(openCase(dir)).rejects.toMatchObject({ code: 'CASE_TAMPERED', problems: expect.arrayContaining([expect.objectContaining({ code: 'EVIDENCE_MODIFIED' })]) as unknown });
    const result = await verifyCase(dir, { trusted });
    expect(result.intact).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain('EVIDENCE_MODIFIED');
  });

  it('a change that keeps size and time passes the quick check on open but not verify', async () => {
    const dir = await importedCase();
    const stored = path.join(dir, 'evidence', demoSha);
    await editFile(stored, (b) => {
      return flip(b, b.length - 100);
    }, { keepTimes: true });
    await chmod(stored, 0o444);
    const handle = await openCase(dir, { readOnly: true });
    await handle.close();
    const result = await verifyCase(dir, { trusted });
    expect(result.problems.map((p) => p.code)).toContain('EVIDENCE_MODIFIED');
  });

  it('a file in a stored folder removed; a touched file whose bytes are unchanged is only noted', async () => {
    const dir = await importedCase();
    const handle = await openCase(dir, { readOnly: true });
    const sudoDir = String(handle.db.exec("SELECT stored_as FROM evidence WHERE kind = 'recording'")[0]?.values[0]?.[0]);
    await handle.close();
    const stored = path.join(dir, 'evidence', demoSha);
    await utimes(stored, new Date(), new Date());
    const touched = await openCase(dir);
    expect(touched.problems.map((p) => p.code)).toContain('EVIDENCE_TOUCHED');
    await touched.close();
    const clean = await openCase(dir, { readOnly: true });
    expect(clean.problems).toEqual([]); // the new time was recorded (evidence.rechecked)
    expect((await clean.activity()).map((a) => a.action)).toContain('evidence.rechecked');
    await clean.close();
    await rm(path.join(dir, sudoDir, '00', '00', '01', 'timing'), { force: true });
    await expect(openCase(dir)).rejects.toMatchObject({ code: 'CASE_TAMPERED' });
  });

  it('a changed index shard is refused when loaded and reported by verify', async () => {
    const dir = await importedCase();
    const handle = await openCase(dir, { readOnly: true });
    const shard = handle.indexShards()[0];
    await handle.close();
    if (shard === undefined) throw new Error('no shard');
    await editFile(path.join(dir, shard.file), (b) => {
      return flip(b, b.length - 10);
    });
    const reopened = await openCase(dir, { readOnly: true });
    await expect(reopened.openIndex(shard)).rejects.toMatchObject({ code: 'CASE_TAMPERED' });
    await reopened.close();
    expect((await verifyCase(dir, { trusted })).problems.map((p) => p.code)).toContain('INDEX_MODIFIED');
  });

  it('files put into evidence/ by hand are reported, not trusted', async () => {
    const dir = await importedCase();
    await writeFile(path.join(dir, 'evidence', 'f'.repeat(64)), 'planted');
    const handle = await openCase(dir, { readOnly: true });
    expect(handle.problems).toContainEqual(expect.objectContaining({ code: 'UNREFERENCED_FILE', severity: 'warning', file: `evidence/${'f'.repeat(64)}` }));
    await handle.close();
  });

  it('an intact case verifies, verdicts re-checked', async () => {
    const dir = await importedCase();
    const result = await verifyCase(dir, { trusted });
    expect(result.intact).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.evidence.map((e) => [e.verdictAtImport, e.verdictNow])).toEqual([
      ['verified', 'verified'],
      ['raw', 'raw'],
    ]);
  });
});
