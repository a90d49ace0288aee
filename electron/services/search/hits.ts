// Search results: rows from every database merged into one order, then the page turned into hits
// (time, session, who, where, snippet, highlights: everything needed to replay the moment).
import type { Database } from 'sql.js';
import type { Span } from '../../core/search/highlight.js';
import { makeSnippet } from '../../core/search/highlight.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { sessionInfo } from './case-filters.js';
import type { SearchOrder } from './plan-sql.js';

export type HitKind = 'command' | 'screen';

/** A row as a database returned it. */
export interface RawRow {
  kind: HitKind;
  rowId: number;
  sessionId: number;
  tsUs: number;
  text: string;
  user: string | null;
  host: string | null;
  seq: number | null;
  /** Relevance (higher is better); 0 when ordering by time. */
  score: number;
}

export interface SearchHit {
  /** UTC with microseconds, as in records. */
  ts: string;
  tsUs: number;
  /** The session key; with `tsUs`, the moment to replay. */
  session: string;
  sessionId: number;
  user: string | null;
  host: string | null;
  kind: HitKind;
  text: string;
  /** One line around the first match; plain text (control characters shown as spaces). */
  snippet: string;
  /** [start, end) UTF-16 offsets of the matches in `text`. */
  highlights: Array<[number, number]>;
  /** The same in `snippet`. */
  snippetHighlights: Array<[number, number]>;
  /** commands.id or screen_text.id. */
  rowId: number;
  /** Record seq of the command (commands only). */
  seq: number | null;
  tty: string | null;
  evidenceId: number | null;
  /** Relevance, when ordered by relevance (higher is better). */
  score?: number;
}

export interface SearchResult {
  /** Matches in all, not only this page. */
  total: number;
  /** False when fuzzy mode stopped looking before the end (the total is then a lower bound). */
  totalExact: boolean;
  hits: SearchHit[];
  /** EXPLAIN QUERY PLAN of every statement run, when asked for. */
  plan?: string;
  warnings: string[];
}

const KIND_RANK: Record<HitKind, number> = { command: 0, screen: 1 };

export function compareRows(order: SearchOrder): (a: RawRow, b: RawRow) => number {
  const byTime = (a: RawRow, b: RawRow): number => a.tsUs - b.tsUs || KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.rowId - b.rowId;
  if (order === 'newest') return (a, b) => byTime(b, a);
  if (order === 'relevance') return (a, b) => b.score - a.score || byTime(a, b);
  return byTime;
}

export function toHits(
  catalog: Database,
  rows: readonly RawRow[],
  order: SearchOrder,
  highlight: (row: RawRow) => Span[],
): SearchHit[] {
  const sessions = sessionInfo(
    catalog,
    rows.map((r) => r.sessionId),
  );
  return rows.map((row) => {
    const s = sessions.get(row.sessionId);
    const highlights = highlight(row);
    const snippet = makeSnippet(row.text, highlights);
    const hit: SearchHit = {
      ts: formatTimestamp(row.tsUs),
      tsUs: row.tsUs,
      session: s?.key ?? '',
      sessionId: row.sessionId,
      user: row.kind === 'command' ? row.user : (s?.user ?? null),
      host: row.kind === 'command' ? row.host : (s?.host ?? null),
      kind: row.kind,
      text: row.text,
      snippet: snippet.text,
      highlights,
      snippetHighlights: snippet.highlights,
      rowId: row.rowId,
      seq: row.seq,
      tty: s?.tty ?? null,
      evidenceId: s?.evidenceId ?? null,
    };
    if (order === 'relevance') hit.score = row.score;
    return hit;
  });
}

export class SearchError extends Error {
  override readonly name = 'SearchError';
}
