// SQL for one kind of row (commands or screen text) in one database (docs/search.md, "How a query
// runs"). Two shapes:
//
// - index-driven, when the query implies an FTS match (words, phrases, substrings with tokens,
//   user:/host: filters on commands):
//     FROM <fts> f CROSS JOIN <docs> m ON m.docid = f.docid CROSS JOIN <rows> x ON x.id = m.row_id
//     WHERE f MATCH ? AND f.docid BETWEEN <time range> AND <checks on x> ORDER BY f.docid LIMIT n
//   CROSS JOIN fixes the join order: the index is the outer loop, each match costs two primary-key
//   lookups, and ORDER BY docid (= time) is delivered by the index itself, so LIMIT stops early.
//   A plain JOIN lets SQLite start from an ordinary index and re-run the MATCH for every row
//   (PERF-NOTES §3: 5.8 s against 27 ms).
// - scan, when it does not (filters only, punctuation-only substrings, pure NOT): the rows table
//   through its (user, ts) / (host, ts) / (session, ts) / (ts) indexes, in time order.
//
// Every value is a bound parameter; table and column names come from fixed tables in this file.
import type { SqlValue } from 'sql.js';
import type { Residual } from '../../core/search/fts-plan.js';
import type { FieldFilter, FilterValue } from '../../core/search/query-ast.js';
import type { KindTables } from './search-index.js';
import { MATCHINFO_FORMAT, RANK_FUNCTION } from './rank.js';

export type SearchOrder = 'time' | 'newest' | 'relevance';

export interface FlagSpan {
  sessionId: number;
  startUs: number;
  endUs: number;
  seqs: number[];
}

export interface KindConstraints {
  /** The MATCH expression (text and attribute tokens), or null for a scan. */
  match: string | null;
  residual: Residual | null;
  afterUs: number | null;
  beforeUs: number | null;
  /** Largest docid - ts_us in this database (search-index.ts). */
  shift: number;
  /** Filters checked on the row itself (user/host when scanning commands; source). */
  rowFilters: FieldFilter[];
  /** Session ids the rows must (include) or must not (exclude) belong to; null: any. */
  sessions: { include: number[] | null; exclude: number[] };
  flags: Array<{ spans: FlagSpan[]; negated: boolean }>;
  order: SearchOrder;
  /** Rows wanted: offset + limit. */
  need: number;
}

export interface Statement {
  sql: string;
  params: SqlValue[];
}

export type KindQuery =
  | {
      path: 'index';
      /**
       * Every match's docid (and score), in the requested order, nothing else: one evaluation of
       * the FTS expression gives both the page (the first rows) and the total (the row count);
       * the page's rows are then read by docid (buildRowsByDocid).
       */
      ids: Statement;
    }
  | {
      path: 'scan';
      /** The first `need` rows, in time order (the scan stops there). */
      page: Statement;
      /** Run only when the page came back full (otherwise the page is every row). */
      count: Statement;
    };

const ROW_COLUMNS = {
  commands: 'x.id, x.session_id, x.ts_us, x.text, x.user, x.host, x.seq',
  screen_text: 'x.id, x.session_id, x.ts_us, x.text, NULL, NULL, NULL',
} as const;

export function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The last string with this prefix, for index range scans: [value, value + U+10FFFF). */
export function prefixEnd(value: string): string {
  return `${value}\u{10FFFF}`;
}

export function valuesCondition(column: string, values: readonly FilterValue[], params: SqlValue[]): string {
  const parts: string[] = [];
  const exact = values.filter((v) => !v.prefix).map((v) => v.value);
  if (exact.length > 0) {
    parts.push(`${column} IN (${exact.map(() => '?').join(', ')})`);
    params.push(...exact);
  }
  for (const v of values) {
    if (!v.prefix) continue;
    parts.push(`(${column} >= ? AND ${column} < ?)`);
    params.push(v.value, prefixEnd(v.value));
  }
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/** Row-level filter columns: commands carry user and host; screen samples take their session's. */
const ROW_FILTER_COLUMN: Record<KindTables['table'], Partial<Record<FieldFilter['field'], string>>> = {
  commands: { user: 'x.user', host: 'x.host', source: 'x.source' },
  screen_text: {
    user: '(SELECT a.user FROM search_session_attrs a WHERE a.session_id = x.session_id)',
    host: '(SELECT a.host FROM search_session_attrs a WHERE a.session_id = x.session_id)',
  },
};

interface Conditions {
  where: string[];
  params: SqlValue[];
  /** How many need the row (x) or the mapping (m), not only the index. */
  rowChecks: number;
}

function conditions(k: KindTables, c: KindConstraints, indexed: boolean): Conditions {
  const where: string[] = [];
  const params: SqlValue[] = [];
  let rowChecks = 0;
  const rowCheck = (sql: string, ...values: SqlValue[]): void => {
    where.push(sql);
    params.push(...values);
    rowChecks++;
  };

  if (indexed) {
    where.push(`f.${k.fts} MATCH ?`);
    params.push(c.match);
    // docid >= ts_us >= after; docid <= ts_us + shift < before + shift.
    if (c.afterUs !== null) {
      where.push('f.docid >= ?');
      params.push(c.afterUs);
      if (c.shift > 0) rowCheck('x.ts_us >= ?', c.afterUs);
    }
    if (c.beforeUs !== null) {
      where.push('f.docid < ?');
      params.push(c.beforeUs + c.shift);
      if (c.shift > 0) rowCheck('x.ts_us < ?', c.beforeUs);
    }
  } else {
    if (c.afterUs !== null) rowCheck('x.ts_us >= ?', c.afterUs);
    if (c.beforeUs !== null) rowCheck('x.ts_us < ?', c.beforeUs);
  }

  for (const f of c.rowFilters) {
    const column = ROW_FILTER_COLUMN[k.table][f.field];
    if (column === undefined) throw new Error(`internal: ${f.field} is not a row filter`);
    const p: SqlValue[] = [];
    const cond = valuesCondition(column, f.values, p);
    rowCheck(f.negated ? `NOT coalesce(${cond}, 0)` : cond, ...p);
  }
  if (c.sessions.include !== null) rowCheck('x.session_id IN (SELECT value FROM json_each(?))', JSON.stringify(c.sessions.include));
  if (c.sessions.exclude.length > 0) rowCheck('x.session_id NOT IN (SELECT value FROM json_each(?))', JSON.stringify(c.sessions.exclude));
  for (const flag of c.flags) {
    const bySeq = k.table === 'commands' ? ' OR x.seq IN (SELECT value FROM json_each(j.value -> 3))' : '';
    const spans = JSON.stringify(flag.spans.map((s) => [s.sessionId, s.startUs, s.endUs, s.seqs]));
    rowCheck(
      `${flag.negated ? 'NOT ' : ''}EXISTS (SELECT 1 FROM json_each(?) j WHERE j.value ->> 0 = x.session_id AND (x.ts_us BETWEEN j.value ->> 1 AND j.value ->> 2${bySeq}))`,
      spans,
    );
  }
  if (c.residual !== null) {
    const p: SqlValue[] = [];
    rowCheck(renderResidual(c.residual, k, indexed, p), ...p);
  }
  return { where, params, rowChecks };
}

export function buildKindQuery(k: KindTables, c: KindConstraints): KindQuery {
  const indexed = c.match !== null;
  const { where, params, rowChecks } = conditions(k, c, indexed);
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  if (indexed) {
    // Without row checks the index alone answers: no join at all.
    const from =
      rowChecks === 0 ? `FROM ${k.fts} f` : `FROM ${k.fts} f CROSS JOIN ${k.docs} m ON m.docid = f.docid CROSS JOIN ${k.table} x ON x.id = m.row_id`;
    const score = c.order === 'relevance' ? `${RANK_FUNCTION}(matchinfo(f.${k.fts}, '${MATCHINFO_FORMAT}'))` : '0';
    const orderBy = c.order === 'newest' ? 'f.docid DESC' : 'f.docid ASC';
    return { path: 'index', ids: { sql: `SELECT f.docid, ${score} ${from} ${whereSql} ORDER BY ${orderBy}`, params } };
  }
  const from = `FROM ${k.table} x`;
  const orderBy = c.order === 'newest' ? 'x.ts_us DESC, x.id DESC' : 'x.ts_us ASC, x.id ASC';
  return {
    path: 'scan',
    page: { sql: `SELECT ${ROW_COLUMNS[k.table]}, x.ts_us, 0 AS score ${from} ${whereSql} ORDER BY ${orderBy} LIMIT ?`, params: [...params, c.need] },
    count: { sql: `SELECT count(*) ${from} ${whereSql}`, params },
  };
}

/**
 * Fuzzy mode: which of the given docids (matches of the fuzzy text) pass the query's filters.
 * `c.match` must be null (every filter as a row check).
 */
export function buildDocidFilter(k: KindTables, c: KindConstraints, docids: readonly number[]): Statement {
  if (c.match !== null) throw new Error('internal: fuzzy filters are row checks');
  const { where, params } = conditions(k, c, false);
  return {
    sql: `SELECT m.docid FROM ${k.docs} m CROSS JOIN ${k.table} x ON x.id = m.row_id WHERE m.docid IN (SELECT value FROM json_each(?))${where.map((w) => ` AND ${w}`).join('')}`,
    params: [JSON.stringify(docids), ...params],
  };
}

/** The rows for a page of docids. */
export function buildRowsByDocid(k: KindTables, docids: readonly number[]): Statement {
  return {
    sql: `SELECT ${ROW_COLUMNS[k.table]}, m.docid, 0 AS score FROM ${k.docs} m CROSS JOIN ${k.table} x ON x.id = m.row_id WHERE m.docid IN (SELECT value FROM json_each(?))`,
    params: [JSON.stringify(docids)],
  };
}

function renderResidual(r: Residual, k: KindTables, indexed: boolean, params: SqlValue[]): string {
  switch (r.kind) {
    case 'like':
      params.push(likePattern(r.value));
      return "x.text LIKE ? ESCAPE '\\'";
    case 'match':
      params.push(r.match);
      // A subquery SQLite runs once (into a temporary index), never a MATCH per row.
      return indexed
        ? `m.docid IN (SELECT docid FROM ${k.fts} WHERE ${k.fts} MATCH ?)`
        : `x.id IN (SELECT m2.row_id FROM ${k.fts} f2 CROSS JOIN ${k.docs} m2 ON m2.docid = f2.docid WHERE f2.${k.fts} MATCH ?)`;
    case 'not':
      return `NOT (${renderResidual(r.child, k, indexed, params)})`;
    case 'and':
    case 'or':
      return `(${r.children.map((child) => renderResidual(child, k, indexed, params)).join(r.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
}
