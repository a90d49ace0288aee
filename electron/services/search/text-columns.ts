// The indexed rows of one kind (commands or screen samples) of one database, held in JavaScript in
// docid (= time) order, for substring searches (substring-scan.ts). Why: a substring the
// full-text index cannot decide is checked row by row in SQLite, and each row costs two B-tree
// lookups in sql.js's WASM (~0.7 µs each on the 1M-command benchmark case, page cache or not);
// V8's String.prototype.indexOf runs over all the texts of a 650k-command shard (21 MB) in
// 2–14 ms. docs/search.md, "Substrings in memory".
//
// Built on the first substring search of a database (1M-command benchmark case: 1.6 s for the
// commands, 0.3 s for 82 MB of screen samples, most of it sql.js handing over rows) and kept while
// the Database object lives; the indexer forgets them whenever it changes the index
// (search-index.ts).
import type { Database } from 'sql.js';
import { asciiLower } from '../../core/search/tokens.js';
import type { IndexedKind, KindTables } from './search-index.js';

/** Separates the texts in `TextColumns.text`; a NUL inside a text becomes SOH (needles with either never use the columns). */
export const ROW_SEPARATOR = '\u0000';
export const NUL_IN_TEXT = '\u0001';

export interface TextColumns {
  /** Every indexed row's text, ASCII-lowercased (LIKE's case rule: lowerAsLike), joined by ROW_SEPARATOR, in docid order. */
  text: string;
  /** Where row i starts in `text`; starts[rows] = text.length + 1 (a sentinel). */
  starts: Int32Array;
  docids: Float64Array;
  tsUs: Float64Array;
  sessionIds: Float64Array;
  /**
   * Commands only: codes into `values` (-1: NULL) of each row's user and host. Screen samples take
   * theirs from their session (a session filter); source: filters run in SQL.
   */
  users: Int32Array | null;
  hosts: Int32Array | null;
  values: string[];
  /** How often each character code below 256 occurs in a sample of `text` (substring-scan.ts picks where to search from). */
  charCounts: Uint32Array;
}

const built = new WeakMap<Database, Map<IndexedKind, TextColumns>>();

/** The columns of one kind of `db`, built now if they are missing. */
export function textColumns(db: Database, k: KindTables): TextColumns {
  let kinds = built.get(db);
  if (kinds === undefined) {
    kinds = new Map();
    built.set(db, kinds);
  }
  const cached = kinds.get(k.kind);
  if (cached !== undefined) return cached;
  const columns = buildColumns(db, k);
  kinds.set(k.kind, columns);
  return columns;
}

/** Called by the indexer whenever the indexed rows of `db` change. */
export function forgetTextColumns(db: Database): void {
  built.delete(db);
}

function buildColumns(db: Database, k: KindTables): TextColumns {
  // Pass 1, the docid mapping in its own key order (sequential pages): which row comes n-th.
  const rowIds: number[] = [];
  const docidList: number[] = [];
  const mapping = db.prepare(`SELECT docid, row_id FROM ${k.docs}`);
  try {
    while (mapping.step()) {
      const [docid, rowId] = mapping.get() as [number, number];
      docidList.push(docid);
      rowIds.push(rowId);
    }
  } finally {
    mapping.free();
  }
  const count = rowIds.length;
  const positionOf = rowPositions(rowIds);

  // Pass 2, the rows table in its own (row id) order, also sequential: each row goes straight to
  // its place in docid order; rows not indexed are skipped. Only numbers and the text: strings
  // read per row cost most of the time (user, host and source would double it).
  const texts = new Array<string>(count);
  const tsUs = new Float64Array(count);
  const sessionIds = new Float64Array(count);
  let placed = 0;
  const rows = db.prepare(`SELECT id, text, ts_us, session_id FROM ${k.table}`);
  try {
    while (rows.step()) {
      const [id, text, ts, session] = rows.get();
      const at = positionOf(Number(id));
      if (at < 0) continue;
      const t = lowerAsLike(String(text));
      texts[at] = t.includes(ROW_SEPARATOR) ? t.replaceAll(ROW_SEPARATOR, NUL_IN_TEXT) : t;
      tsUs[at] = Number(ts);
      sessionIds[at] = Number(session);
      placed++;
    }
  } finally {
    rows.free();
  }
  if (placed !== count) throw new Error(`internal: ${count - placed} entries of ${k.docs} name no row of ${k.table}`);

  // Pass 3, user and host of commands: each distinct value once, its rows through the (user, ts)
  // and (host, ts) indexes.
  const values: string[] = [];
  const users = k.attrsFrom === 'row' ? codesOf(db, 'user', positionOf, count, values) : null;
  const hosts = k.attrsFrom === 'row' ? codesOf(db, 'host', positionOf, count, values) : null;

  const starts = new Int32Array(count + 1);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = offset;
    offset += (texts[i] as string).length + 1;
  }
  starts[count] = offset;
  const text = texts.join(ROW_SEPARATOR);
  return { text, starts, docids: Float64Array.from(docidList), tsUs, sessionIds, users, hosts, values, charCounts: countChars(text) };
}

/**
 * ASCII-lowercased as LIKE folds case (asciiLower), the same length. toLowerCase is native and
 * several times faster, but folds non-ASCII letters too (and `İ` into two characters): only for
 * texts that are all ASCII.
 */
function lowerAsLike(text: string): string {
  return NON_ASCII.test(text) ? asciiLower(text) : text.toLowerCase();
}

const NON_ASCII = /[\u0080-\uffff]/;

const SAMPLE_STEP = 16;

/** Character counts over every SAMPLE_STEP-th character: an estimate is all anchorOffset needs. */
function countChars(text: string): Uint32Array {
  const counts = new Uint32Array(256);
  for (let i = 0; i < text.length; i += SAMPLE_STEP) {
    const c = text.charCodeAt(i);
    if (c < 256) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

/** Each command's code of `column` (an index into `values`, which it extends; -1: NULL). */
function codesOf(db: Database, column: 'user' | 'host', positionOf: (rowId: number) => number, count: number, values: string[]): Int32Array {
  const codes = new Int32Array(count).fill(-1);
  const first = db.prepare(`SELECT min(${column}) FROM commands`);
  const next = db.prepare(`SELECT ${column} FROM commands WHERE ${column} > ? ORDER BY ${column} LIMIT 1`);
  const ids = db.prepare(`SELECT id FROM commands WHERE ${column} = ?`);
  try {
    // Distinct values by skipping through the index (one seek each), not by reading every entry.
    let value: unknown = first.step() ? first.get()[0] : null;
    while (typeof value === 'string') {
      const code = values.length;
      values.push(value);
      ids.bind([value]);
      while (ids.step()) {
        const at = positionOf(Number(ids.get()[0]));
        if (at >= 0) codes[at] = code;
      }
      ids.reset();
      next.bind([value]);
      value = next.step() ? next.get()[0] : null;
      next.reset();
    }
  } finally {
    first.free();
    next.free();
    ids.free();
  }
  return codes;
}

/** Row id -> position in docid order (-1: not indexed). A shard's row ids are one dense range: an array. */
function rowPositions(rowIds: readonly number[]): (rowId: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const id of rowIds) {
    if (id < min) min = id;
    if (id > max) max = id;
  }
  if (rowIds.length > 0 && max - min < rowIds.length * 2 + 1024) {
    const dense = new Int32Array(max - min + 1).fill(-1);
    rowIds.forEach((id, at) => {
      dense[id - min] = at;
    });
    return (id) => (id >= min && id <= max ? (dense[id - min] as number) : -1);
  }
  const sparse = new Map(rowIds.map((id, at) => [id, at]));
  return (id) => sparse.get(id) ?? -1;
}
