// Migration 5 (flags): analyzer, title, user, host and details columns on a version-3 database
// with a flag already in it (the old row keeps its values; the new columns get their defaults).
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../electron/services/case/db/migration.js';
import { migration001 } from '../../electron/services/case/db/migrations/001-initial.js';
import { migration003 } from '../../electron/services/case/db/migrations/003-case-store.js';
import { migration005 } from '../../electron/services/case/db/migrations/005-flags.js';
import { MIGRATIONS } from '../../electron/services/case/db/migrations/index.js';
import { loadSqlJs } from '../../electron/services/case/db/sqljs.js';

let db: Database;
beforeEach(async () => {
  const SQL = await loadSqlJs();
  db = new SQL.Database();
});
afterEach(() => db.close());

const columns = (table: string): string[] => (db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).map((r) => String(r[1]));

describe('migration 005 (flags)', () => {
  it('is registered', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(5);
  });

  it('adds the columns to a database with flags in it', () => {
    migrate(db, [migration001, migration003]);
    db.run("INSERT INTO flags (rule_id, severity, ts_us, explanation, created_at) VALUES ('old', 'low', 1, 'from before', 2)");
    expect(migrate(db, [migration001, migration003, migration005])).toEqual([5]);
    expect(schemaVersion(db)).toBe(5);
    expect(columns('flags')).toEqual(expect.arrayContaining(['analyzer', 'title', 'user', 'host', 'details']));
    expect(db.exec("SELECT rule_id, analyzer, title, user, host, details FROM flags")[0]?.values).toEqual([['old', '', '', null, null, '{}']]);
    const indexes = (db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'flags'")[0]?.values ?? []).map((r) => r[0]);
    expect(indexes).toEqual(expect.arrayContaining(['flags_rule', 'flags_analyzer']));
  });
});
