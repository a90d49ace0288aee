// Flags in the case catalog (`flags`, migrations 001 and 005). Writing replaces every flag of the
// analyzers that ran, so running an analysis twice gives the same flags once (idempotent); flags of
// analyzers that did not run stay. Reading filters by rule, severity, user, host, analyzer.
import type { Database, SqlValue } from 'sql.js';
import { isSeverity, severityRank, SEVERITIES, type Severity } from '../../core/rules/severity.js';
import type { AnalyzerName, FlagDraft } from './flag.js';

export function replaceFlags(db: Database, analyzers: readonly AnalyzerName[], drafts: readonly FlagDraft[], createdAtUs: number): void {
  db.exec('BEGIN');
  try {
    const del = db.prepare('DELETE FROM flags WHERE analyzer = ?');
    try {
      for (const a of analyzers) del.run([a]);
    } finally {
      del.free();
    }
    const ins = db.prepare(
      `INSERT INTO flags (rule_id, severity, session_id, ts_us, end_us, seqs, explanation, created_at, analyzer, title, user, host, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    try {
      for (const f of drafts) {
        ins.run([f.ruleId, f.severity, f.sessionId, f.tsUs, f.endUs, JSON.stringify(f.seqs), f.explanation, createdAtUs, f.analyzer, f.title, f.user, f.host, JSON.stringify(f.details)]);
      }
    } finally {
      ins.free();
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export interface FlagFilter {
  /** Rule ids; `prefix*` matches by prefix. */
  rules?: readonly string[];
  /** At or above this severity. */
  minSeverity?: Severity;
  /** Exactly these severities. */
  severities?: readonly Severity[];
  users?: readonly string[];
  hosts?: readonly string[];
  analyzers?: readonly string[];
  sessionId?: number;
  limit?: number;
  offset?: number;
}

export interface StoredFlag {
  id: number;
  ruleId: string;
  title: string;
  analyzer: string;
  severity: Severity;
  sessionId: number | null;
  sessionKey: string | null;
  evidenceId: number | null;
  tsUs: number;
  endUs: number | null;
  seqs: number[];
  explanation: string;
  user: string | null;
  host: string | null;
  details: Record<string, unknown>;
  createdAtUs: number;
}

function inList(column: string, values: readonly string[], params: SqlValue[]): string {
  const parts: string[] = [];
  const exact = values.filter((v) => !v.endsWith('*'));
  if (exact.length > 0) {
    parts.push(`${column} IN (${exact.map(() => '?').join(', ')})`);
    params.push(...exact);
  }
  for (const v of values.filter((x) => x.endsWith('*'))) {
    parts.push(`substr(${column}, 1, ?) = ?`);
    params.push(v.length - 1, v.slice(0, -1));
  }
  return `(${parts.join(' OR ')})`;
}

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Flags matching `filter`, most severe first, then by time; and how many match in all. */
export function listFlags(db: Database, filter: FlagFilter = {}): { total: number; flags: StoredFlag[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.rules !== undefined && filter.rules.length > 0) where.push(inList('f.rule_id', filter.rules, params));
  if (filter.users !== undefined && filter.users.length > 0) where.push(inList('f.user', filter.users, params));
  if (filter.hosts !== undefined && filter.hosts.length > 0) where.push(inList('f.host', filter.hosts, params));
  if (filter.analyzers !== undefined && filter.analyzers.length > 0) where.push(inList('f.analyzer', filter.analyzers, params));
  const severities = filter.severities ?? (filter.minSeverity !== undefined ? SEVERITIES.filter((s) => severityRank(s) >= severityRank(filter.minSeverity as Severity)) : undefined);
  if (severities !== undefined) where.push(inList('f.severity', severities, params));
  if (filter.sessionId !== undefined) {
    where.push('f.session_id = ?');
    params.push(filter.sessionId);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const rank = `CASE f.severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`;
  const count = db.prepare(`SELECT count(*) FROM flags f ${whereSql}`);
  let total = 0;
  try {
    count.bind(params);
    if (count.step()) total = Number(count.get()[0]);
  } finally {
    count.free();
  }
  const stmt = db.prepare(
    `SELECT f.id, f.rule_id, f.title, f.analyzer, f.severity, f.session_id, s.session_key, s.evidence_id, f.ts_us, f.end_us, f.seqs,
            f.explanation, f.user, f.host, f.details, f.created_at
     FROM flags f LEFT JOIN sessions s ON s.id = f.session_id ${whereSql}
     ORDER BY ${rank} DESC, f.ts_us, f.id LIMIT ? OFFSET ?`,
  );
  const flags: StoredFlag[] = [];
  try {
    stmt.bind([...params, filter.limit ?? -1, filter.offset ?? 0]);
    while (stmt.step()) {
      const [id, ruleId, title, analyzer, severity, sessionId, sessionKey, evidenceId, tsUs, endUs, seqs, explanation, user, host, details, createdAt] = stmt.get();
      flags.push({
        id: Number(id),
        ruleId: String(ruleId),
        title: String(title),
        analyzer: String(analyzer),
        severity: isSeverity(severity) ? severity : 'info',
        sessionId: sessionId === null ? null : Number(sessionId),
        sessionKey: typeof sessionKey === 'string' ? sessionKey : null,
        evidenceId: evidenceId === null ? null : Number(evidenceId),
        tsUs: Number(tsUs),
        endUs: endUs === null ? null : Number(endUs),
        seqs: parseJson<number[]>(seqs, []),
        explanation: String(explanation),
        user: typeof user === 'string' ? user : null,
        host: typeof host === 'string' ? host : null,
        details: parseJson<Record<string, unknown>>(details, {}),
        createdAtUs: Number(createdAt),
      });
    }
  } finally {
    stmt.free();
  }
  return { total, flags };
}
