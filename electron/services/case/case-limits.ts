// How large each sql.js database of a case may grow (../shared/PERF-NOTES.md §7). A sql.js
// database is one JS byte array: RSS is about twice its size while it grows, export() holds one
// more copy, and past ~3.7 GiB every page append copies the whole file. So no database of a case
// is allowed near that: the catalog stays small, and index shards roll over to a new part long
// before the ceiling. Past a limit the user gets CASE_FULL with plain words; nothing is written.

export interface CaseLimits {
  /**
   * An index shard part is closed and a new one started when its database would reach about this
   * size once closed (with its secondary indexes and full-text tables, whose growth is measured).
   */
  shardRollBytes: number;
  /** No single database file (catalog or shard, after indexes and full-text tables) may exceed this. */
  maxDatabaseBytes: number;
  /** The catalog (case.sqlite) may not exceed this: it is loaded whole on every open. */
  maxCatalogBytes: number;
  /** Command text longer than this is cut in the index (the evidence keeps it whole). */
  maxCommandTextBytes: number;
}

export const DEFAULT_CASE_LIMITS: Readonly<CaseLimits> = Object.freeze({
  shardRollBytes: 256 * 1024 * 1024,
  maxDatabaseBytes: 1280 * 1024 * 1024,
  maxCatalogBytes: 512 * 1024 * 1024,
  maxCommandTextBytes: 64 * 1024,
});

export function resolveLimits(partial: Partial<CaseLimits> | undefined): CaseLimits {
  const limits = { ...DEFAULT_CASE_LIMITS, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`case limit ${key} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;
}
