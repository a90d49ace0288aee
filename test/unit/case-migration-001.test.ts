// Migration 1 (the base schema of a case database): applies to an empty database, creates every
// table the case store and the search rely on, and enforces its constraints.
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../electron/services/case/db/migration.js';
import { migration001 } from '../../electron/services/case/db/migrations/001-initial.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';

const TABLES = ['meta', 'evidence', 'sessions', 'participants', 'commands', 'output_index', 'screen_text', 'flags', 'findings', 'saved_searches'];

let db: Database;
beforeEach(async () => {
  const SQL = await loadSqlJs();
  db = new SQL.Database();
});
afterEach(() => db.close());

function evidence(sha: string, verdict = 'verified', kind = 'bundle'): void {
  db.run(
    `INSERT INTO evidence (sha256, kind, file_name, stored_as, size, format, imported_at, imported_by, verdict)
     VALUES (?, ?, 'x.trail', 'evidence/x', 1, 'trail-zip', 0, 'me', ?)`,
    [sha, kind, verdict],
  );
}

describe('migration 001 (initial)', () => {
  it('creates every base table on an empty database and sets version 1', () => {
    expect(migrate(db, [migration001])).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    const names = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) => String(r[0]));
    for (const table of TABLES) expect(names).toContain(table);
    expect(migrate(db, [migration001])).toEqual([]);
  });

  it('enforces verdicts, kinds, unique evidence and unique session keys per evidence', () => {
    migrate(db, [migration001]);
    evidence('a'.repeat(64));
    expect(() => evidence('a'.repeat(64))).toThrow(/UNIQUE/);
    expect(() => evidence('b'.repeat(64), 'fine')).toThrow(/CHECK/);
    expect(() => evidence('c'.repeat(64), 'raw', 'zip')).toThrow(/CHECK/);
    evidence('d'.repeat(64), 'raw', 'recording');
    db.run("INSERT INTO sessions (evidence_id, session_key) VALUES (1, 's-1')");
    expect(() => db.run("INSERT INTO sessions (evidence_id, session_key) VALUES (1, 's-1')")).toThrow(/UNIQUE/);
    db.run("INSERT INTO sessions (evidence_id, session_key) VALUES (2, 's-1')");
  });

  it('keeps output as references into the evidence, never the bytes', () => {
    migrate(db, [migration001]);
    const columns = (db.exec('PRAGMA table_info(output_index)')[0]?.values ?? []).map((r) => String(r[1]));
    expect(columns).toEqual(['id', 'session_id', 'ts_us', 'end_us', 'first_seq', 'records', 'entry', 'offset', 'length', 'bytes']);
  });
});
