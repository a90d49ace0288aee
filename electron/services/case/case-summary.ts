// What `trailview case info` shows (docs/cli.md, "Cases"): the evidence with its verdicts, and the
// sessions, users, hosts and time range it holds, read from the catalog only (no shard is loaded).
import { formatTimestamp } from '../../core/timestamp.js';
import type { CaseProblem } from './case-error.js';
import { selectAll, selectValue } from './case-db.js';
import type { Database } from 'sql.js';
import type { CaseHandle } from './case-store.js';

export interface EvidenceSummary {
  id: number;
  sha256: string;
  kind: string;
  fileName: string;
  storedAs: string;
  indexSource: string | null;
  size: number;
  format: string;
  verdict: string;
  origin: string | null;
  signers: string[];
  findings: number;
  importedAt: string;
  importedBy: string;
  importedFrom: string | null;
  records: number;
  sessions: number;
  commands: number;
  outputBytes: number;
  timeRange: { start: string; end: string } | null;
}

export interface CaseSummary {
  dir: string;
  id: string;
  name: string;
  examiner: string;
  createdAt: string;
  schemaVersion: number;
  evidence: EvidenceSummary[];
  sessions: number;
  commands: number;
  outputBytes: number;
  users: string[];
  hosts: string[];
  timeRange: { start: string; end: string } | null;
  index: { shards: number; bytes: number };
  activity: { records: number; last: { ts: string; action: string; actor: string } | null };
  problems: CaseProblem[];
}

export async function summarizeCase(handle: CaseHandle): Promise<CaseSummary> {
  const db = handle.db;
  const evidence = selectAll(db, 'SELECT * FROM evidence ORDER BY id').map((r): EvidenceSummary => {
    const signers = parseList(r.signers).map((s) => (typeof s === 'object' && s !== null && 'name' in s ? `${String((s as { name: unknown }).name)}${(s as { trusted?: unknown }).trusted === true ? ' (trusted)' : ''}` : String(s)));
    return {
      id: Number(r.id),
      sha256: String(r.sha256),
      kind: String(r.kind),
      fileName: String(r.file_name),
      storedAs: String(r.stored_as),
      indexSource: r.index_source === null ? null : String(r.index_source),
      size: Number(r.size),
      format: String(r.format),
      verdict: String(r.verdict),
      origin: r.origin === null ? null : String(r.origin),
      signers,
      findings: parseList(r.findings).length,
      importedAt: formatTimestamp(Number(r.imported_at)),
      importedBy: String(r.imported_by),
      importedFrom: r.imported_from === null || r.imported_from === undefined ? null : String(r.imported_from),
      records: Number(r.records),
      sessions: Number(r.sessions ?? 0),
      commands: Number(r.commands ?? 0),
      outputBytes: Number(r.output_bytes ?? 0),
      timeRange: range(r.time_start, r.time_end),
    };
  });
  const { users, hosts, times } = caseScope(db);
  const activity = await handle.activity();
  const last = activity[activity.length - 1];
  const meta = handle.meta;
  return {
    dir: handle.dir,
    id: meta.id,
    name: meta.name,
    examiner: meta.examiner,
    createdAt: meta.createdAt,
    schemaVersion: meta.schemaVersion,
    evidence,
    sessions: Number(selectValue(db, 'SELECT count(*) FROM sessions') ?? 0),
    commands: evidence.reduce((sum, e) => sum + e.commands, 0),
    outputBytes: evidence.reduce((sum, e) => sum + e.outputBytes, 0),
    users,
    hosts,
    timeRange: range(times.start, times.end),
    index: { shards: Number(selectValue(db, 'SELECT count(*) FROM index_shards') ?? 0), bytes: Number(selectValue(db, 'SELECT COALESCE(SUM(bytes), 0) FROM index_shards') ?? 0) },
    activity: { records: activity.length, last: last === undefined ? null : { ts: last.ts, action: last.action, actor: last.actor } },
    problems: [...handle.problems],
  };
}

function range(start: unknown, end: unknown): { start: string; end: string } | null {
  if (typeof start !== 'number' || typeof end !== 'number') return null;
  return { start: formatTimestamp(start), end: formatTimestamp(end) };
}

function parseList(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** Who and what a case covers: users (session owners and participants), hosts, the sessions' span
 * (raw catalog values). Shared by `case info` and the app's case view, so both say the same. */
export function caseScope(db: Database): { users: string[]; hosts: string[]; times: { start: unknown; end: unknown } } {
  const users = new Set<string>();
  for (const r of selectAll(db, 'SELECT DISTINCT user FROM sessions WHERE user IS NOT NULL UNION SELECT DISTINCT user FROM participants WHERE user IS NOT NULL')) users.add(String(r.user));
  const hosts = selectAll(db, 'SELECT DISTINCT host FROM sessions WHERE host IS NOT NULL ORDER BY host').map((r) => String(r.host));
  const times = selectAll(db, 'SELECT MIN(start_us) AS start, MAX(end_us) AS end FROM sessions')[0];
  return { users: [...users].sort(), hosts, times: { start: times?.start, end: times?.end } };
}
