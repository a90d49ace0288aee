// The catalog database file (case.sqlite) and index shard files: reading with their SHA-256,
// writing atomically, and the meta table. A sql.js database lives in memory; the file is written
// whole by export(): to a temp file, fsynced, then renamed over the old one, so a reader or a crash
// sees either the old or the new database, never half of one.
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { CaseError, describeError } from './case-error.js';

export interface FileBytes {
  bytes: Uint8Array;
  sha256: string;
}

export async function readWithHash(file: string): Promise<FileBytes> {
  const bytes = await readFile(file);
  return { bytes, sha256: sha256Hex(bytes) };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Opens database bytes with sql.js and proves they are a database by reading the schema:
 * sql.js opens anything lazily and fails only at the first query.
 */
export function loadDatabase(SQL: SqlJsStatic, bytes: Uint8Array, label: string): Database {
  let db: Database | null = null;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
    return db;
  } catch (error) {
    db?.close();
    throw new CaseError('CASE_CORRUPT', `${label} is not a readable database (${describeError(error)})`, { cause: error });
  }
}

/** SQLite's own consistency check; empty when the database is sound. */
export function quickCheck(db: Database): string[] {
  try {
    const rows = db.exec('PRAGMA quick_check')[0]?.values ?? [];
    const messages = rows.map((r) => String(r[0]));
    return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
  } catch (error) {
    return [describeError(error)];
  }
}

export function databaseBytes(db: Database): number {
  const pages = db.exec('PRAGMA page_count')[0]?.values[0]?.[0];
  const size = db.exec('PRAGMA page_size')[0]?.values[0]?.[0];
  return Number(pages ?? 0) * Number(size ?? 0);
}

/** Writes bytes to `file` (replacing it) and fsyncs; not yet visible under the final name. */
export async function writeDurable(file: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
  const handle = await open(file, 'w', mode);
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, Math.min(bytes.length - offset, 64 << 20));
      offset += bytesWritten;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
}

/** Renames within one directory and makes the rename durable (fsync of the directory). */
export async function renameDurable(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(path.dirname(to));
}

export async function syncDirectory(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on every platform (Windows); the rename is still atomic.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

// ---- meta ---------------------------------------------------------------------------------

export function getMeta(db: Database, key: string): string | null {
  const stmt = db.prepare('SELECT value FROM meta WHERE key = ?');
  try {
    stmt.bind([key]);
    return stmt.step() ? String(stmt.get()[0]) : null;
  } finally {
    stmt.free();
  }
}

export function setMeta(db: Database, values: Record<string, string | number>): void {
  const stmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  try {
    for (const [key, value] of Object.entries(values)) stmt.run([key, String(value)]);
  } finally {
    stmt.free();
  }
}

/** Runs `query` and returns its rows as objects (small result sets only). */
export function selectAll(db: Database, query: string, params: Array<string | number | null> = []): Array<Record<string, unknown>> {
  const stmt = db.prepare(query);
  const rows: Array<Record<string, unknown>> = [];
  try {
    stmt.bind(params);
    while (stmt.step()) rows.push(stmt.getAsObject());
  } finally {
    stmt.free();
  }
  return rows;
}

export function selectValue(db: Database, query: string, params: Array<string | number | null> = []): unknown {
  const stmt = db.prepare(query);
  try {
    stmt.bind(params);
    return stmt.step() ? stmt.get()[0] : undefined;
  } finally {
    stmt.free();
  }
}
