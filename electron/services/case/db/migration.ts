// Numbered schema migrations (docs/architecture.md, "The case"). Each migration has its own file
// under migrations/ and its own test; each runs inside one transaction. `PRAGMA user_version` holds
// the highest version applied and the `schema_migrations` table every version applied, so a
// migration numbered below one already applied (two engineers landing 002 and 003 in either order)
// is still applied when it arrives. A database holding a version this Trailview does not know was
// written by a newer Trailview and is refused.
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

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/** Versions applied to this database (databases from before the ledger: 1..user_version). */
export function appliedVersions(db: Database): Set<number> {
  const hasLedger = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").length > 0;
  if (hasLedger) {
    const rows = db.exec('SELECT version FROM schema_migrations')[0]?.values ?? [];
    return new Set(rows.map((r) => Number(r[0])));
  }
  const current = schemaVersion(db);
  return new Set(Array.from({ length: current }, (_, i) => i + 1));
}

/** Brings the database to the newest schema; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now: () => number = () => Date.now() * 1000): number[] {
  const known = new Set(migrations.map((m) => m.version));
  const applied = appliedVersions(db);
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (unknown.length > 0) {
    throw new MigrationError(
      `the case database has schema version ${Math.max(schemaVersion(db), ...unknown)} (migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}), newer than this Trailview knows (${newest}); use a newer Trailview`,
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.exec('BEGIN');
    try {
      db.exec(LEDGER);
      const ledger = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      try {
        // Versions applied before the ledger existed are entered once, as applied.
        for (const v of applied) ledger.run([v, migrations.find((x) => x.version === v)?.name ?? '', 0]);
        db.exec(m.sql);
        ledger.run([m.version, m.name, now()]);
      } finally {
        ledger.free();
      }
      db.exec(`PRAGMA user_version = ${Math.max(schemaVersion(db), m.version)}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new MigrationError(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    applied.add(m.version);
    done.push(m.version);
  }
  return done;
}
