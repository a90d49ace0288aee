// The case folder without imports (electron/services/case/case-store.ts): creation, the write
// protocol (atomic saves bound to the activity log), read-only opens, and what a folder edited by
// hand looks like on open: a corrupt or altered database, an activity log edited, cut or reordered,
// an interrupted save, two instances.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseError, createCase, openCase, type CaseHandle } from '../../electron/services/case/case.js';
import { MIGRATIONS } from '../../electron/services/case/db/migrations/index.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { tempDir } from '../helpers/bundles.js';
import { readLines, snapshotFolder, writeLines } from '../helpers/case-fixtures.js';

async function newCase(): Promise<string> {
  const dir = path.join(await tempDir('tv-case-'), 'case');
  const handle = await createCase(dir, { name: 'test case', examiner: 'Erin Examiner' });
  await handle.appendActivity('search.run', { query: 'kubectl user:alice' });
  await handle.close();
  return dir;
}

async function openError(dir: string, options: { readOnly?: boolean } = {}): Promise<CaseError> {
  const result = await openCase(dir, options).then(
    async (h) => {
      await h.close();
      return null;
    },
    (e: unknown) => e,
  );
  if (!(result instanceof CaseError)) throw new Error(`expected a CaseError, got ${String(result)}`);
  return result;
}

/** Rewrites case.sqlite with one change made by SQL, as a user with a SQLite tool would. */
async function alterDatabase(dir: string, sql: string): Promise<void> {
  const SQL = await loadSqlJs();
  const file = path.join(dir, 'case.sqlite');
  const db = new SQL.Database(await readFile(file));
  db.exec(sql);
  await writeFile(file, db.export());
  db.close();
}

describe('creating a case', () => {
  it('lays out the folder and records the creation in the activity log', async () => {
    const dir = await newCase();
    const snapshot = await snapshotFolder(dir);
    expect(Object.keys(snapshot).sort()).toEqual(['activity.jsonl', 'case.sqlite', 'evidence', 'index']);
    const handle = await openCase(dir, { readOnly: true });
    try {
      // The newest migration (005 flags at the time of writing; more are appended over time).
      expect(handle.meta).toMatchObject({ name: 'test case', examiner: 'Erin Examiner', schemaVersion: Math.max(...MIGRATIONS.map((m) => m.version)) });
      expect(handle.problems).toEqual([]);
      const activity = await handle.activity();
      expect(activity.map((a) => a.action)).toEqual(['case.created', 'search.run']);
      expect(activity[0]?.details).toMatchObject({ name: 'test case', examiner: 'Erin Examiner' });
      expect(activity[1]?.details).toEqual({ query: 'kubectl user:alice' });
    } finally {
      await handle.close();
    }
    const lines = await readLines(path.join(dir, 'activity.jsonl'));
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ type: 'activity', session: '' });
  });

  it('refuses a folder that is not empty, and says when a folder is not a case', async () => {
    const dir = await tempDir('tv-case-');
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    await expect(createCase(dir)).rejects.toMatchObject({ code: 'CASE_EXISTS' });
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('hello');
    await expect(openCase(dir)).rejects.toMatchObject({ code: 'NOT_A_CASE' });
    await expect(openCase(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_A_CASE' });
  });
});

describe('writing', () => {
  it('saves atomically with an activity record, and not at all when nothing changed', async () => {
    const dir = await newCase();
    const handle = await openCase(dir);
    await handle.save();
    expect((await handle.activity()).length).toBe(2);
    handle.db.run("INSERT INTO findings (title, severity, position, created_at, updated_at) VALUES ('suspicious sudo', 'high', 1, 0, 0)");
    await handle.save();
    expect((await handle.activity()).map((a) => a.action)).toEqual(['case.created', 'search.run', 'case.saved']);
    await handle.appendActivity('finding.added', { title: 'suspicious sudo' });
    await handle.close();
    expect(existsSync(path.join(dir, 'case.sqlite.next'))).toBe(false);
    const again = await openCase(dir, { readOnly: true });
    expect(again.db.exec('SELECT title FROM findings')[0]?.values).toEqual([['suspicious sudo']]);
    await again.close();
  });

  it('read-only: no lock, no writes', async () => {
    const dir = await newCase();
    const handle = await openCase(dir, { readOnly: true });
    expect(existsSync(path.join(dir, 'case.lock'))).toBe(false);
    await expect(handle.appendActivity('x')).rejects.toMatchObject({ code: 'CASE_READ_ONLY' });
    await expect(handle.save()).rejects.toMatchObject({ code: 'CASE_READ_ONLY' });
    await handle.close();
  });

  it('two instances: the second gets "open elsewhere"; a reader is not blocked; close releases the lock', async () => {
    const dir = await newCase();
    const first = await openCase(dir);
    const err = await openError(dir);
    expect(err.code).toBe('CASE_LOCKED');
    expect(err.message).toMatch(/open elsewhere: .*pid \d+ on .* since/);
    const reader = await openCase(dir, { readOnly: true });
    await reader.close();
    await first.close();
    expect(existsSync(path.join(dir, 'case.lock'))).toBe(false);
    await (await openCase(dir)).close();
  });
});

describe('a case folder edited by hand', () => {
  it('a corrupt database: a clear error, the evidence untouched', async () => {
    const dir = await newCase();
    await writeFile(path.join(dir, 'evidence', 'a'.repeat(64)), 'pretend evidence');
    const before = await snapshotFolder(path.join(dir, 'evidence'));
    const file = path.join(dir, 'case.sqlite');
    const bytes = await readFile(file);
    bytes.fill(0x41, 0, 100); // the header
    await writeFile(file, bytes);
    const err = await openError(dir);
    expect(err.code).toBe('CASE_CORRUPT');
    expect(err.message).toMatch(/not a readable database.*evidence.*untouched/);
    expect(await snapshotFolder(path.join(dir, 'evidence'))).toEqual(before);
    expect(existsSync(path.join(dir, 'case.lock'))).toBe(false);
  });

  it('a database damaged inside (valid header, broken pages)', async () => {
    const dir = await newCase();
    const file = path.join(dir, 'case.sqlite');
    const bytes = await readFile(file);
    bytes.fill(0xff, 4096 * 2, bytes.length - 4096); // every page but the first and the last
    await writeFile(file, bytes);
    const err = await openError(dir, { readOnly: true });
    expect(['CASE_CORRUPT', 'CASE_TAMPERED']).toContain(err.code);
  });

  it('a database altered with a SQLite tool is not trusted', async () => {
    const dir = await newCase();
    await alterDatabase(dir, "UPDATE meta SET value = 'Mallory' WHERE key = 'examiner'");
    const err = await openError(dir);
    expect(err.code).toBe('CASE_TAMPERED');
    expect(err.problems.map((p) => p.code)).toContain('DATABASE_MODIFIED');
    // Read-only with allowProblems the examiner can still look at it, with the problems listed.
    const handle = await openCase(dir, { readOnly: true, allowProblems: true });
    expect(handle.problems.some((p) => p.code === 'DATABASE_MODIFIED' && p.severity === 'error')).toBe(true);
    await handle.close();
  });

  it('an older copy of the database put back is named as such', async () => {
    const dir = await newCase();
    const old = await readFile(path.join(dir, 'case.sqlite'));
    const handle = await openCase(dir);
    await handle.appendActivity('finding.added', { title: 'x' });
    await handle.close();
    await writeFile(path.join(dir, 'case.sqlite'), old);
    const err = await openError(dir);
    expect(err.problems.map((p) => p.code)).toContain('RECORD_INSERTED');
  });

  it.each([
    ['an edited line', (l: string[]) => [l[0], (l[1] as string).replace('kubectl', 'ls'), l[2]], 'RECORD_MODIFIED'],
    ['the last line cut', (l: string[]) => l.slice(0, 2), 'TRUNCATED'],
    ['two lines swapped', (l: string[]) => [l[1], l[0], l[2]], 'RECORD_REORDERED'],
    ['a line removed from the middle', (l: string[]) => [l[0], l[2]], 'RECORD_MISSING'],
    ['the last line edited', (l: string[]) => [l[0], l[1], (l[2] as string).replace('"title":"x"', '"title":"y"')], 'RECORD_MODIFIED'],
  ])('activity log: %s', async (_label, edit, code) => {
    const dir = await newCase();
    const handle = await openCase(dir);
    await handle.appendActivity('finding.added', { title: 'x' });
    await handle.close();
    const file = path.join(dir, 'activity.jsonl');
    await writeLines(file, edit(await readLines(file)).filter((l): l is string => l !== undefined));
    const err = await openError(dir);
    expect(err.code).toBe('CASE_TAMPERED');
    expect(err.problems.map((p) => p.code)).toContain(code);
    expect(err.message).toMatch(/changed outside Trailview/);
  });

  it('activity log cut in the middle of a line, or removed', async () => {
    const dir = await newCase();
    const file = path.join(dir, 'activity.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -20));
    expect((await openError(dir)).problems.map((p) => p.code)).toContain('TRUNCATED');
    await rm(file);
    expect((await openError(dir)).problems.map((p) => p.code)).toContain('ACTIVITY_MISSING');
  });
});

describe('interrupted saves', () => {
  it('completes a save whose activity record was written (crash before the rename)', async () => {
    const dir = await newCase();
    const handle = (await openCase(dir)) as CaseHandle;
    const old = await readFile(path.join(dir, 'case.sqlite'));
    await handle.appendActivity('finding.added', { title: 'x' });
    await handle.close();
    // As if the process died between appending the record and renaming case.sqlite.next.
    await writeFile(path.join(dir, 'case.sqlite.next'), await readFile(path.join(dir, 'case.sqlite')));
    await writeFile(path.join(dir, 'case.sqlite'), old);
    const reopened = await openCase(dir);
    expect(reopened.problems.map((p) => p.code)).toContain('INTERRUPTED_SAVE');
    await reopened.close();
    expect(existsSync(path.join(dir, 'case.sqlite.next'))).toBe(false);
    const clean = await openCase(dir, { readOnly: true });
    expect(clean.problems).toEqual([]);
    await clean.close();
  });

  it('discards a save that never reached the activity log, and removes leftover staging', async () => {
    const dir = await newCase();
    await writeFile(path.join(dir, 'case.sqlite.next'), 'half a save');
    await mkdir(path.join(dir, '.import-abc123'));
    const handle = await openCase(dir);
    expect(handle.problems.map((p) => p.code).sort()).toEqual(['INTERRUPTED_SAVE', 'STAGING_REMOVED']);
    await handle.close();
    expect(Object.keys(await snapshotFolder(dir)).sort()).toEqual(['activity.jsonl', 'case.sqlite', 'evidence', 'index']);
  });
});
