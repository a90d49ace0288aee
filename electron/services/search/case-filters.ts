// Filters answered by the case catalog (sessions, flags), turned into what each index database
// can check on its rows: sets of session ids and flagged time spans. In a case the catalog holds
// sessions and flags while commands and screen text live in index shards (case-store.ts); a
// single database (tests, benchmarks) is both.
import type { Database, SqlValue } from 'sql.js';
import type { FieldFilter } from '../../core/search/query-ast.js';
import { valuesCondition, type FlagSpan } from './plan-sql.js';

/** Session-level fields and their catalog column. */
const SESSION_COLUMN = { session: 'session_key', tty: 'tty', user: 'user', host: 'host' } as const;
type SessionField = keyof typeof SESSION_COLUMN;

export interface SessionSet {
  /** Sessions a row must belong to (null: no constraint). */
  include: number[] | null;
  exclude: number[];
}

function selectNumbers(db: Database, sql: string, params: SqlValue[]): number[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const out: number[] = [];
    while (stmt.step()) out.push(Number(stmt.get()[0]));
    return out;
  } finally {
    stmt.free();
  }
}

/** Applies session-level filters (`fields` of the query's filters) through the catalog's sessions. */
export function resolveSessions(catalog: Database, filters: readonly FieldFilter[], fields: readonly SessionField[]): SessionSet {
  let include = null as Set<number> | null;
  const exclude = new Set<number>();
  for (const f of filters) {
    if (!(fields as readonly string[]).includes(f.field)) continue;
    const column = SESSION_COLUMN[f.field as SessionField];
    const params: SqlValue[] = [];
    const ids = selectNumbers(catalog, `SELECT id FROM sessions WHERE ${valuesCondition(column, f.values, params)}`, params);
    if (f.negated) ids.forEach((id) => exclude.add(id));
    else {
      const prev = include;
      include = new Set(prev === null ? ids : ids.filter((id) => prev.has(id)));
    }
  }
  return { include: include === null ? null : [...include].sort((a, b) => a - b), exclude: [...exclude].sort((a, b) => a - b) };
}

/** The flagged spans a flag: filter names (rule ids; `flag:ssh-*` by prefix, `flag:*` any). */
export function resolveFlags(catalog: Database, filter: FieldFilter): FlagSpan[] {
  const params: SqlValue[] = [];
  const stmt = catalog.prepare(
    `SELECT session_id, ts_us, coalesce(end_us, ts_us), seqs FROM flags WHERE session_id IS NOT NULL AND ${valuesCondition('rule_id', filter.values, params)}`,
  );
  try {
    stmt.bind(params);
    const spans: FlagSpan[] = [];
    while (stmt.step()) {
      const [sessionId, start, end, seqs] = stmt.get();
      spans.push({ sessionId: Number(sessionId), startUs: Number(start), endUs: Number(end), seqs: parseSeqs(seqs) });
    }
    return spans;
  } finally {
    stmt.free();
  }
}

function parseSeqs(value: unknown): number[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is number => Number.isSafeInteger(v)) : [];
  } catch {
    return [];
  }
}

export interface SessionInfo {
  id: number;
  key: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  evidenceId: number | null;
}

export function sessionInfo(catalog: Database, ids: readonly number[]): Map<number, SessionInfo> {
  const out = new Map<number, SessionInfo>();
  if (ids.length === 0) return out;
  const stmt = catalog.prepare('SELECT id, session_key, user, host, tty, evidence_id FROM sessions WHERE id IN (SELECT value FROM json_each(?))');
  try {
    stmt.bind([JSON.stringify([...new Set(ids)])]);
    while (stmt.step()) {
      const [id, key, user, host, tty, evidence] = stmt.get();
      out.set(Number(id), {
        id: Number(id),
        key: String(key),
        user: typeof user === 'string' ? user : null,
        host: typeof host === 'string' ? host : null,
        tty: typeof tty === 'string' ? tty : null,
        evidenceId: typeof evidence === 'number' ? evidence : null,
      });
    }
  } finally {
    stmt.free();
  }
  return out;
}
