// What a search runs on and which page it returns.
import type { Database } from 'sql.js';
import type { SearchOrder } from './plan-sql.js';

export interface SearchSources {
  /** Sessions, flags (the case catalog). */
  catalog: Database;
  /** Databases holding commands, screen_text and their search index (the index shards). */
  indexes: readonly Database[];
}

export type SearchTarget = Database | SearchSources;

export interface SearchOptions {
  /** Hits per page: 1..1000, default 50. */
  limit?: number;
  /** Hits to skip (paging), default 0. */
  offset?: number;
  /**
   * `time`: oldest first (a timeline; the default). `newest`: newest first. `relevance`: BM25 (fuzzy:
   * closeness), then time; the default in fuzzy mode.
   */
  order?: SearchOrder;
  /** Approximate matching of the whole text against distinct commands (typos, obfuscation). */
  fuzzy?: boolean;
  /** Zone for dates and times written without one, when `query` is a string. Default UTC. */
  timezone?: string;
  /** Return EXPLAIN QUERY PLAN of every statement in `plan`. */
  explain?: boolean;
  /**
   * Commands searched for substrings only are scanned in memory (substring-scan.ts; default true).
   * false: in SQL, as every other query (the same results; for comparisons and benchmarks).
   */
  substringScan?: boolean;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export interface PageRequest {
  limit: number;
  offset: number;
  order: SearchOrder;
  explain: boolean;
}

export function toSources(target: SearchTarget): SearchSources {
  return 'exec' in target ? { catalog: target, indexes: [target] } : target;
}

export function pageRequest(options: SearchOptions): PageRequest {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`limit must be a whole number from 1 to ${MAX_LIMIT}, not ${limit}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, not ${offset}`);
  const order = options.order ?? (options.fuzzy === true ? 'relevance' : 'time');
  if (!['time', 'newest', 'relevance'].includes(order)) throw new RangeError(`order must be time, newest or relevance, not ${String(order)}`);
  return { limit, offset, order, explain: options.explain === true };
}
