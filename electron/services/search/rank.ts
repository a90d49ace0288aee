// Relevance for FTS4, which has no bm25(): Okapi BM25 computed from matchinfo(fts, 'pcnalx'),
// registered as an SQL function so SQLite keeps only the top rows (ORDER BY score LIMIT n).
// Only the text column (0) scores: attribute tokens (filters) say nothing about relevance.
// (https://sqlite.org/fts3.html#matchinfo; the BM25 form and constants are Lucene's defaults.)
import type { Database } from 'sql.js';

export const RANK_FUNCTION = 'trailview_bm25';
export const MATCHINFO_FORMAT = 'pcnalx';

const K1 = 1.2;
const B = 0.75;
const registered = new WeakSet<Database>();

/** BM25 of one row from its matchinfo 'pcnalx' blob (32-bit little-endian words). */
export function bm25(info: Uint8Array): number {
  if (info.byteLength < 12) return 0;
  const view = new DataView(info.buffer, info.byteOffset, info.byteLength);
  const word = (i: number): number => (i * 4 + 4 <= info.byteLength ? view.getUint32(i * 4, true) : 0);
  const phrases = word(0);
  const columns = word(1);
  const rows = word(2);
  const average = word(3) || 1;
  const length = word(3 + columns);
  const x = 3 + 2 * columns;
  let score = 0;
  for (let p = 0; p < phrases; p++) {
    const at = x + 3 * (p * columns); // column 0 of phrase p
    const tf = word(at);
    if (tf === 0) continue;
    const df = word(at + 2);
    const idf = Math.log(1 + (rows - df + 0.5) / (df + 0.5));
    score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average));
  }
  return score;
}

/** Registers the ranking function on `db` once (sql.js functions live per connection). */
export function ensureRankFunction(db: Database): void {
  if (registered.has(db)) return;
  db.create_function(RANK_FUNCTION, (info: unknown) => (info instanceof Uint8Array ? bm25(info) : 0));
  registered.add(db);
}
