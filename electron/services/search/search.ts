// Searching a case (docs/search.md): parse the query (core/search), plan it per kind of row and
// per database (plan-sql.ts), run it, merge the results in one order and page them.
//
// A case keeps sessions and flags in its catalog and commands / screen text in index shards
// (case-store.ts), so a search takes either one database holding everything (tests, benchmarks,
// small cases) or { catalog, indexes }. It never writes to any of them.
import type { Database } from 'sql.js';
import { planText } from '../../core/search/fts-plan.js';
import { highlightSpans } from '../../core/search/highlight.js';
import { parseQuery } from '../../core/search/parse-query.js';
import type { ParsedQuery } from '../../core/search/query-ast.js';
import { constraintsFor, kindsOf } from './constraints.js';
import { fuzzySearch } from './fuzzy.js';
import { SearchError, toHits, type HitKind, type RawRow, type SearchResult } from './hits.js';
import { buildKindQuery, type SearchOrder } from './plan-sql.js';
import { ensureRankFunction } from './rank.js';
import { explain, runCount, runIds, runRows, runRowsByDocid } from './run-sql.js';
import { hasSearchIndex, indexState, KINDS } from './search-index.js';
import { canScanSubstrings, checkableInMemory, residualCheck, scanSubstrings } from './substring-scan.js';
import { pageRequest, toSources, type SearchOptions, type SearchSources, type SearchTarget } from './sources.js';

export type { SearchHit, SearchResult } from './hits.js';
export type { SearchOrder } from './plan-sql.js';
export type { SearchOptions, SearchSources, SearchTarget } from './sources.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './sources.js';
export { SearchError } from './hits.js';

export function searchCase(target: SearchTarget, query: string | ParsedQuery, options: SearchOptions = {}): SearchResult {
  const sources = toSources(target);
  const parsed = typeof query === 'string' ? parseQuery(query, options.timezone === undefined ? {} : { timezone: options.timezone }) : query;
  const page = pageRequest(options);
  const warnings = [...parsed.warnings];
  for (const db of sources.indexes) warnings.push(...indexWarnings(db));
  if (options.fuzzy === true) return fuzzySearch(sources, parsed, page, warnings);

  const text = planText(parsed.text);
  const need = page.offset + page.limit;
  const candidates: Candidate[] = [];
  const plans: string[] = [];
  let total = 0;
  for (const kind of kindsOf(parsed)) {
    const base = constraintsFor(sources.catalog, kind, parsed, text, page.order, need);
    if (base === null) continue;
    // Substrings only, none of which the index can look up: indexOf over the texts in memory
    // (substring-scan.ts). With a lookup, the index drives and the substrings are checked in memory.
    const substringsOnly = options.substringScan !== false && checkableInMemory(text.whole) && !(text.lookup && base.match !== null);
    const asRows = substringsOnly ? constraintsFor(sources.catalog, kind, parsed, text, page.order, need, true) : null;
    const inMemory = asRows !== null && canScanSubstrings(asRows) ? asRows : null;
    sources.indexes.forEach((db, dbIndex) => {
      const shift = indexState(db, kind).shift;
      if (inMemory !== null) {
        const scan = scanSubstrings(db, KINDS[kind], { ...inMemory, shift });
        total += scan.total;
        for (const docid of scan.page) candidates.push({ db: dbIndex, kind, key: docid, score: 0, row: null });
        if (page.explain) plans.push(`${kind} (memory): ${scan.plan}`);
        return;
      }
      const constraints = { ...base, shift };
      if (page.order === 'relevance' && constraints.match !== null) ensureRankFunction(db);
      // Substrings left over by the full-text match: checked on the texts in memory.
      const residual = constraints.match !== null && options.substringScan !== false && checkableInMemory(constraints.residual) ? constraints.residual : null;
      const q = buildKindQuery(KINDS[kind], residual === null ? constraints : { ...constraints, residual: null });
      if (q.path === 'index') {
        const keep = residual === null ? undefined : residualCheck(db, KINDS[kind], residual);
        const stream = runIds(db, q.ids, need, page.order === 'relevance', keep);
        total += stream.total;
        for (const [docid, score] of stream.top) candidates.push({ db: dbIndex, kind, key: docid, score, row: null });
        if (page.explain) plans.push(`${kind} (index${residual === null ? '' : ', substrings checked in memory'}): ${explain(db, q.ids)}`);
        return;
      }
      const rows = runRows(db, kind, q.page);
      total += rows.length < need ? rows.length : runCount(db, q.count);
      for (const row of rows) candidates.push({ db: dbIndex, kind, key: row.tsUs, score: 0, row });
      if (page.explain) {
        plans.push(`${kind} (scan) page: ${explain(db, q.page)}`);
        if (rows.length >= need) plans.push(`${kind} (scan) count: ${explain(db, q.count)}`);
      }
    });
  }
  candidates.sort(compareCandidates(page.order));
  const chosen = candidates.slice(page.offset, need);
  fillRows(sources, chosen);
  const rows = chosen.map((c) => c.row as RawRow);
  const hits = toHits(sources.catalog, rows, page.order, (row) => highlightSpans(row.text, parsed.text));
  return { total, totalExact: true, hits, warnings, ...(page.explain ? { plan: plans.join('\n') } : {}) };
}

/** A match before its row is read: index-path matches are only a docid until they make the page. */
interface Candidate {
  db: number;
  kind: HitKind;
  /** docid (index path) or ts_us (scan path): both time, in microseconds. */
  key: number;
  score: number;
  row: RawRow | null;
}

const KIND_ORDER: Record<HitKind, number> = { command: 0, screen: 1 };

function compareCandidates(order: SearchOrder): (a: Candidate, b: Candidate) => number {
  const byTime = (a: Candidate, b: Candidate): number => a.key - b.key || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.db - b.db;
  if (order === 'newest') return (a, b) => byTime(b, a);
  if (order === 'relevance') return (a, b) => b.score - a.score || byTime(a, b);
  return byTime;
}

/** Reads the rows of the page's index-path matches, by docid, per database and kind. */
function fillRows(sources: SearchSources, chosen: readonly Candidate[]): void {
  const groups = new Map<string, Candidate[]>();
  for (const c of chosen) {
    if (c.row !== null) continue;
    const key = `${c.db}/${c.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const first = group[0] as Candidate;
    const db = sources.indexes[first.db] as Database;
    const byDocid = new Map(runRowsByDocid(db, first.kind, group.map((c) => c.key)).map((r) => [r.docid, r.row]));
    for (const c of group) {
      const row = byDocid.get(c.key);
      if (row === undefined) throw new SearchError(`internal: ${c.kind} docid ${c.key} vanished between two statements`);
      c.row = { ...row, score: c.score };
    }
  }
}

function indexWarnings(db: Database): string[] {
  if (!hasSearchIndex(db)) throw new SearchError('this database has no search index (it predates migration 2); open it with this Trailview to migrate it, then index it');
  const out: string[] = [];
  for (const k of Object.values(KINDS)) {
    const stmt = db.prepare(`SELECT count(*) FROM ${k.table} WHERE id > ?`);
    try {
      stmt.bind([indexState(db, k.kind).highWater]);
      stmt.step();
      const missing = Number(stmt.get()[0]);
      if (missing > 0) out.push(`${missing} ${k.kind === 'command' ? 'commands' : 'screen samples'} are not in the search index yet; results may be incomplete`);
    } finally {
      stmt.free();
    }
  }
  return out;
}
