// Migration 3 (case store): evidence columns and the index_shards table, applied to a database at
// version 1 with rows in it; and the runner's rules: a lower-numbered migration that lands later
// (002) is still applied, a failing migration changes nothing, a newer database is refused.
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appliedVersions, migrate, MigrationError, schemaVersion, type Migration } from '../../electron/services/case/db/migration.js';
import { migration001 } from '../../electron/services/case/db/migrations/001-initial.js';
import { migration003 } from '../../electron/services/case/db/migrations/003-case-store.js';
import { MIGRATIONS } from '../../electron/services/case/db/migrations/index.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';

let db: Database;
beforeEach(async () => {
  const SQL = await loadSqlJs();
  db = new SQL.Database();
});
afterEach(() => db.close());

const columns = (table: string): string[] => (db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).map((r) => String(r[1]));

describe('migration 003 (case store)', () => {
  it('is registered', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(3);
  });

  it('upgrades a version-1 database with evidence in it', () => {
    migrate(db, [migration001]);
    db.run(
      `INSERT INTO evidence (sha256, kind, file_name, stored_as, size, format, imported_at, imported_by, verdict)
       VALUES ('${'a'.repeat(64)}', 'bundle', 'x.trail', 'evidence/x', 1, 'trail-zip', 0, 'me', 'verified')`,
    );
    expect(migrate(db, [migration001, migration003])).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(columns('evidence')).toEqual(expect.arrayContaining(['imported_from', 'fingerprint', 'index_source_sha256', 'sessions', 'commands', 'output_bytes', 'problems']));
    expect(columns('index_shards')).toEqual(expect.arrayContaining(['evidence_id', 'part', 'file', 'sha256', 'bytes', 'first_command_id', 'last_command_id']));
    const row = db.exec('SELECT sessions, commands, problems FROM evidence')[0]?.values[0];
    expect(row).toEqual([0, 0, '[]']);
    expect(() => db.run("INSERT INTO index_shards (evidence_id, part, file, sha256, bytes) VALUES (1, 1, 'index/a.1.sqlite', 'x', 1)")).not.toThrow();
    expect(() => db.run("INSERT INTO index_shards (evidence_id, part, file, sha256, bytes) VALUES (1, 1, 'index/b.1.sqlite', 'x', 1)")).toThrow(/UNIQUE/);
  });

  it('applies a lower-numbered migration that arrives after it (002 landing after 003)', () => {
    migrate(db, [migration001, migration003]);
    const late: Migration = { version: 2, name: 'late', sql: 'CREATE TABLE late_table (x INTEGER);' };
    expect(migrate(db, [migration001, late, migration003])).toEqual([2]);
    expect([...appliedVersions(db)].sort()).toEqual([1, 2, 3]);
    expect(schemaVersion(db)).toBe(3);
  });

  it('rolls back a failing migration and leaves the version as it was', () => {
    migrate(db, [migration001]);
    const broken: Migration = { version: 3, name: 'broken', sql: 'ALTER TABLE evidence ADD COLUMN ok INTEGER; THIS IS NOT SQL;' };
    expect(() => migrate(db, [migration001, broken])).toThrow(MigrationError);
    expect(schemaVersion(db)).toBe(1);
    expect(columns('evidence')).not.toContain('ok');
  });

  it('refuses a database written by a newer Trailview', () => {
    migrate(db, [migration001, migration003]);
    const future: Migration = { version: 9, name: 'future', sql: 'CREATE TABLE future (x INTEGER);' };
    migrate(db, [migration001, migration003, future]);
    expect(() => migrate(db, [migration001, migration003])).toThrow(/newer than this Trailview knows/);
  });
});
