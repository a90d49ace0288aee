// Running planned statements: rows, counts, query plans, and FTS errors as query errors.
import type { Database, SqlValue } from 'sql.js';
import { QueryError } from '../../core/search/query-error.js';
import type { HitKind, RawRow } from './hits.js';
import { buildRowsByDocid, type Statement } from './plan-sql.js';
import { KINDS } from './search-index.js';

export function runRows(db: Database, kind: HitKind, statement: Statement): RawRow[] {
  return withQueryErrors(() => {
    const stmt = db.prepare(statement.sql);
    try {
      stmt.bind(statement.params);
      const rows: RawRow[] = [];
      while (stmt.step()) {
        const values = stmt.get();
        rows.push(rawRow(kind, values, Number(values[8] ?? 0)));
      }
      return rows;
    } finally {
      stmt.free();
    }
  });
}

/** A hit row from the columns every row query selects first: id, session, ts, text, user, host, seq. */
function rawRow(kind: HitKind, values: readonly SqlValue[], score: number): RawRow {
  const [id, sessionId, ts, text, user, host, seq] = values;
  return {
    kind,
    rowId: Number(id),
    sessionId: Number(sessionId),
    tsUs: Number(ts),
    text: String(text),
    user: typeof user === 'string' ? user : null,
    host: typeof host === 'string' ? host : null,
    seq: typeof seq === 'number' ? seq : null,
    score,
  };
}

export interface IdStream {
  /** Rows the statement returned. */
  total: number;
  /** The first `need` [docid, score] pairs in statement order, or for relevance the best `need`. */
  top: Array<[number, number]>;
}

/**
 * Steps through every row of an index-path statement (SELECT docid, score ... ORDER BY docid):
 * counts them and keeps the page. Rows past the page are stepped over without reading them,
 * unless `keep` must decide whether they match (substrings checked in memory).
 */
export function runIds(db: Database, statement: Statement, need: number, byScore: boolean, keep?: (docid: number) => boolean): IdStream {
  return withQueryErrors(() => {
    const stmt = db.prepare(statement.sql);
    try {
      stmt.bind(statement.params);
      const top: Array<[number, number]> = [];
      let total = 0;
      if (!byScore) {
        while (stmt.step()) {
          // The docid is read only when something needs it: the page, or `keep`.
          const docid = keep !== undefined || total < need ? Number(stmt.get()[0]) : 0;
          if (keep !== undefined && !keep(docid)) continue;
          if (total < need) top.push([docid, 0]);
          total++;
        }
        return { total, top };
      }
      // Best `need` by score (then docid, which the statement delivers ascending): a sorted window.
      while (stmt.step()) {
        const [docid, score] = stmt.get();
        if (keep !== undefined && !keep(Number(docid))) continue;
        total++;
        const s = Number(score);
        if (top.length === need && s <= (top[need - 1] as [number, number])[1]) continue;
        let at = top.length;
        while (at > 0 && (top[at - 1] as [number, number])[1] < s) at--;
        top.splice(at, 0, [Number(docid), s]);
        if (top.length > need) top.pop();
      }
      return { total, top };
    } finally {
      stmt.free();
    }
  });
}

export function runCount(db: Database, statement: Statement): number {
  return withQueryErrors(() => {
    const stmt = db.prepare(statement.sql);
    try {
      stmt.bind(statement.params);
      return stmt.step() ? Number(stmt.get()[0]) : 0;
    } finally {
      stmt.free();
    }
  });
}

export function explain(db: Database, statement: Statement): string {
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`);
  try {
    stmt.bind(statement.params);
    const lines: string[] = [];
    while (stmt.step()) lines.push(String(stmt.get()[3]));
    return lines.join(' | ');
  } finally {
    stmt.free();
  }
}

/** SQLite's FTS parser refuses some expressions the query parser accepts (depth limits). */
function withQueryErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/malformed MATCH|FTS expression tree is too large/i.test(message)) {
      throw new QueryError('too-complex', `the query is too complex for the full-text index (${message}); use fewer words or parentheses`, null);
    }
    throw error;
  }
}

/** The rows of the given docids (any order), with their docid. */
export function runRowsByDocid(db: Database, kind: HitKind, docids: readonly number[]): Array<{ row: RawRow; docid: number }> {
  const statement = buildRowsByDocid(KINDS[kind], docids);
  const stmt = db.prepare(statement.sql);
  try {
    stmt.bind(statement.params);
    const out: Array<{ row: RawRow; docid: number }> = [];
    while (stmt.step()) {
      const values = stmt.get();
      out.push({ docid: Number(values[7]), row: rawRow(kind, values, 0) });
    }
    return out;
  } finally {
    stmt.free();
  }
}
