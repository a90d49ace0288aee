// Inserting plain row objects (the shape that crosses the worker boundary) with prepared statements.
import type { Database, Statement } from 'sql.js';
import type { Row } from './import-types.js';

export function insertRows(db: Database, table: string, rows: readonly Row[]): void {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const stmt: Statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  try {
    for (const row of rows) stmt.run(columns.map((c) => row[c] ?? null));
  } finally {
    stmt.free();
  }
}
