// Index parts built in a file sized up front (electron/services/case/import/sized-database.ts):
// the shard bytes must be exactly those of a part built the plain way (growing file), whether the
// part ends inside the room it was given or grows past it.
import { createHash } from 'node:crypto';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/services/case/db/migration.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';
import { databaseImage, withCapacity } from '../../electron/services/case/import/sized-database.js';
import { updateSearchIndex } from '../../electron/services/search/search-index.js';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** The schema of an index part: every migration, at a fixed time so two builds can be compared. */
function schema(): Database {
  const db = new SQL.Database();
  migrate(db, undefined, () => 1_732_161_600_000_000);
  return db;
}

/** What a part goes through: a bulk load in one transaction, then an index and the full-text tables. */
function fill(db: Database, commands: number): Uint8Array {
  db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN');
  db.exec("INSERT INTO sessions (id, evidence_id, session_key, start_us, end_us, missing, commands, participants, output_bytes) VALUES (1, 1, 's-1', 0, 0, '[]', 0, 0, 0)");
  const insert = db.prepare('INSERT INTO commands (id, session_id, ts_us, seq, text, cwd, exit_status, source, confidence, user, host) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  for (let i = 1; i <= commands; i++) {
    insert.run([i, 1, 1_732_161_600_000_000 + i, i, `tail -n ${i % 97} /var/log/app-${i % 13}.log | grep -F 'req ${i}'`, '/home/alice', 0, 'keystrokes', 0.95, 'alice', 'web-1']);
  }
  insert.free();
  db.exec('CREATE INDEX IF NOT EXISTS sized_test_commands_text ON commands (text)');
  updateSearchIndex(db);
  db.exec('COMMIT');
  return databaseImage(db);
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('index parts in a file sized up front', () => {
  it('writes exactly the bytes of a part built in a growing file', () => {
    const plain = schema();
    const expected = fill(plain, 20_000);
    plain.close();

    const sized = withCapacity(SQL, schema(), expected.length * 1.5);
    const actual = fill(sized, 20_000);
    sized.close();
    expect(actual.length).toBe(expected.length);
    expect(sha(actual)).toBe(sha(expected));
  });

  it('writes the same bytes when the part outgrows the room it was given', () => {
    const plain = schema();
    const expected = fill(plain, 20_000);
    plain.close();

    const start = schema();
    const room = databaseImage(start).length * 3;
    const sized = withCapacity(SQL, start, room);
    const actual = fill(sized, 20_000);
    expect(expected.length).toBeGreaterThan(room);
    expect(sha(actual)).toBe(sha(expected));
    // And it opens as a sound database with every row found by the full-text index.
    const reopened = new SQL.Database(actual);
    expect(reopened.exec('PRAGMA integrity_check')[0]?.values).toEqual([['ok']]);
    expect(reopened.exec("SELECT count(*) FROM search_command_fts WHERE search_command_fts MATCH 'grep'")[0]?.values).toEqual([[20_000]]);
    reopened.close();
    sized.close();
  });

  it('keeps the database as it is when the room asked for is not worth a copy', () => {
    const db = schema();
    const size = databaseImage(db).length;
    expect(withCapacity(SQL, db, size * 2)).toBe(db);
    expect(withCapacity(SQL, db, Number.NaN)).toBe(db);
    db.close();
  });
});
