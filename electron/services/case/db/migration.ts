// Numbered schema migrations (docs/architecture.md, "The case"). Each migration has its own file
// under migrations/ and its own test; they run in order inside one transaction each, and the
// applied version is kept in `PRAGMA user_version`.
import type { Database } from 'sql.js';
import { MIGRATIONS } from './migrations/index.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {}

export function schemaVersion(db: Database): number {
  const row = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof row === 'number' ? row : 0;
}

/** Brings the database to the newest schema; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = schemaVersion(db);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new MigrationError(`the case database has schema version ${current}, newer than this Trailview knows (${newest}); use a newer Trailview`);
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.exec('BEGIN');
    try {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new MigrationError(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    applied.push(m.version);
  }
  return applied;
}
