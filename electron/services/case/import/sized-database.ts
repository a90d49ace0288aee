// A sql.js database whose file is sized up front. sql.js keeps a database file in one byte array
// (Emscripten's MEMFS) that grows in 12.5 % steps, each step a copy of the whole file: a part
// that ends at N bytes has copied about 9 N bytes on the way (about 3 s of the 1M-command import,
// issue 4). Reopening the database image inside a zero-filled array of the expected size avoids
// those copies. SQLite takes the database size from the header (the page count is valid whenever
// the change counter matches, as it always does for files written by SQLite ≥ 3.7), so the zeros
// past the last page are only room to grow into: the pages written are the same as without them
// (test/integration/case-sized-database.test.ts). SQLite cuts the file back to its pages when it
// commits (observed with sql.js 1.16); databaseImage() does not count on it. Measured: filling
// 244 MiB of rows took 4.8 s of CPU in a growing file, 3.0 s in one sized up front.
import type { Database, SqlJsStatic } from 'sql.js';

/**
 * `db` reopened with its file sized to `capacity` bytes, and `db` closed; `db` itself when
 * `capacity` is not more than twice its current size (not worth a copy). Only for a database with
 * no prepared statements or open transaction.
 */
export function withCapacity(SQL: SqlJsStatic, db: Database, capacity: number): Database {
  if (!Number.isFinite(capacity) || capacity <= 2 * pageBytes(db)) return db;
  const sized = new Uint8Array(Math.floor(capacity));
  sized.set(db.export());
  const reopened = new SQL.Database(sized);
  db.close();
  return reopened;
}

/** The database's own bytes (its pages), without any room left at the end of its file. */
export function databaseImage(db: Database): Uint8Array {
  const bytes = pageBytes(db);
  return db.export().subarray(0, bytes);
}

function pageBytes(db: Database): number {
  const pages = db.exec('PRAGMA page_count')[0]?.values[0]?.[0];
  const pageSize = db.exec('PRAGMA page_size')[0]?.values[0]?.[0];
  return Number(pages ?? 0) * Number(pageSize ?? 0);
}
