// The timeline's events and the merged events table (issue 6): session starts and ends, joins and
// leaves (catalog), commands (index shards), flags (catalog, issue 8) and findings (catalog, their
// session and timeline anchors), merged by time.
import type { Database } from 'sql.js';
import type { EventsTableRequest, EventsTableResponse, TimelineEventKind, TimelineEventView, TimelineResponse } from '../../core/api/contract.js';
import { formatTimestamp } from '../../core/timestamp.js';
import { selectAll } from '../case/case-db.js';
import type { CaseHandle } from '../case/case.js';

export const DEFAULT_MAX_COMMANDS = 100_000;

interface SessionInfo {
  id: number;
  evidenceId: number;
  key: string;
  user: string | null;
  host: string | null;
  tty: string | null;
}

const num = (v: unknown): number => Number(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function hasColumn(db: Database, table: string, column: string): boolean {
  return selectAll(db, `PRAGMA table_info(${table})`).some((r) => r.name === column);
}

function sessionsOf(db: Database, ids: readonly number[] | null): Map<number, SessionInfo> {
  const where = ids === null ? '' : `WHERE id IN (${ids.map(() => '?').join(',') || 'NULL'})`;
  const rows = selectAll(db, `SELECT id, evidence_id, session_key, user, host, tty, start_us, end_us FROM sessions ${where}`, ids === null ? [] : [...ids]);
  return new Map(rows.map((r) => [num(r.id), { id: num(r.id), evidenceId: num(r.evidence_id), key: String(r.session_key), user: str(r.user), host: str(r.host), tty: str(r.tty) }]));
}

function event(s: SessionInfo | undefined, tsUs: number, kind: TimelineEventKind, text: string, extra: Partial<TimelineEventView> = {}): TimelineEventView {
  return { tsUs, ts: formatTimestamp(tsUs), kind, sessionId: s?.id ?? null, host: s?.host ?? null, user: s?.user ?? null, tty: s?.tty ?? null, text, ...extra };
}

/** Timeline events of some sessions (null: the whole case), sorted by time. */
export async function timelineEvents(handle: CaseHandle, sessionIds: readonly number[] | null, maxCommands = DEFAULT_MAX_COMMANDS): Promise<TimelineResponse> {
  const db = handle.db;
  const sessions = sessionsOf(db, sessionIds);
  const ids = [...sessions.keys()];
  const inList = `(${ids.map(() => '?').join(',') || 'NULL'})`;
  const events: TimelineEventView[] = [];
  for (const r of selectAll(db, `SELECT id, start_us, end_us, exit_status FROM sessions WHERE id IN ${inList}`, ids)) {
    const s = sessions.get(num(r.id));
    const label = `${s?.user ?? '?'}@${s?.host ?? '?'} ${s?.tty ?? ''}`.trim();
    if (typeof r.start_us === 'number') events.push(event(s, r.start_us, 'start', `session ${s?.key ?? ''} starts (${label})`));
    if (typeof r.end_us === 'number') events.push(event(s, r.end_us, 'end', `session ${s?.key ?? ''} ends`, { exitStatus: numOrNull(r.exit_status) }));
  }
  for (const r of selectAll(db, `SELECT session_id, kind, ts_us, user, client_tty, client, remote, read_only FROM participants WHERE session_id IN ${inList} ORDER BY ts_us`, ids)) {
    const s = sessions.get(num(r.session_id));
    const who = str(r.user) ?? 'someone';
    const from = [str(r.client), str(r.client_tty), str(r.remote)].filter((x) => x !== null).join(', ');
    const ro = r.read_only === 1;
    const verb = r.kind === 'join' ? 'joins' : 'leaves';
    events.push(event(s, num(r.ts_us), r.kind === 'join' ? 'join' : 'leave', `${who} ${verb}${from === '' ? '' : ` from ${from}`}${ro ? ' (read-only)' : ''}`, {
      client: str(r.client),
      clientTty: str(r.client_tty),
      readOnly: ro,
    }));
  }
  // Commands: from the index shards of the sessions' evidence.
  let commands = 0;
  let truncated = false;
  const evidenceIds = new Set([...sessions.values()].map((s) => s.evidenceId));
  for (const shard of handle.indexShards().filter((x) => evidenceIds.has(x.evidenceId))) {
    const index = await handle.openIndex(shard);
    const room = maxCommands - commands;
    if (room <= 0) {
      truncated = true;
      break;
    }
    const rows = selectAll(index, `SELECT session_id, ts_us, text, exit_status, user FROM commands WHERE session_id IN ${inList} ORDER BY ts_us LIMIT ?`, [...ids, room + 1]);
    if (rows.length > room) truncated = true;
    for (const r of rows.slice(0, room)) {
      const s = sessions.get(num(r.session_id));
      events.push(event(s, num(r.ts_us), 'command', String(r.text), { exitStatus: numOrNull(r.exit_status), user: str(r.user) ?? s?.user ?? null }));
      commands++;
    }
  }
  // Flags: the session's, and case-wide ones (no session) in case-wide mode.
  const flagTitle = hasColumn(db, 'flags', 'title') ? 'title' : "''";
  const flagWhere = sessionIds === null ? '' : `WHERE session_id IN ${inList}`;
  for (const r of selectAll(db, `SELECT rule_id, severity, session_id, ts_us, end_us, explanation, ${flagTitle} AS title FROM flags ${flagWhere} ORDER BY ts_us`, sessionIds === null ? [] : ids)) {
    const s = r.session_id === null ? undefined : sessions.get(num(r.session_id));
    const title = str(r.title) ?? '';
    events.push(event(s, num(r.ts_us), 'flag', `${title === '' ? String(r.rule_id) : title}: ${String(r.explanation)}`, { severity: String(r.severity), ruleId: String(r.rule_id), endUs: numOrNull(r.end_us) }));
  }
  // Findings: at the start of each of their session or timeline anchors that concern these sessions;
  // a timeline anchor over several sessions once per session shown, so each session's lane has it.
  for (const r of selectAll(db, 'SELECT id, title, severity, anchors FROM findings ORDER BY position')) {
    let anchors: unknown;
    try {
      anchors = JSON.parse(String(r.anchors));
    } catch {
      continue;
    }
    if (!Array.isArray(anchors)) continue;
    for (const a of anchors as Array<Record<string, unknown>>) {
      if (typeof a.fromUs !== 'number') continue;
      const anchorSessions = a.kind === 'session' && typeof a.sessionId === 'number' ? [a.sessionId] : Array.isArray(a.sessionIds) ? (a.sessionIds as unknown[]).filter((x): x is number => typeof x === 'number') : [];
      const concerned = anchorSessions.length === 0 ? sessionIds === null : anchorSessions.some((id) => sessions.has(id));
      if (!concerned) continue;
      const extra = { severity: String(r.severity), findingId: num(r.id), endUs: numOrNull(a.toUs) };
      if (anchorSessions.length === 0) events.push(event(undefined, a.fromUs, 'finding', String(r.title), extra));
      for (const id of anchorSessions) if (sessions.has(id)) events.push(event(sessions.get(id), a.fromUs, 'finding', String(r.title), extra));
    }
  }
  events.sort((x, y) => x.tsUs - y.tsUs);
  return { events, truncated };
}

/** The merged events table: filtered, paged. */
export async function eventsTable(handle: CaseHandle, request: EventsTableRequest): Promise<EventsTableResponse> {
  const { events } = await timelineEvents(handle, request.sessionIds ?? null);
  const keys = sessionsOf(handle.db, request.sessionIds ?? null);
  const needle = request.filter?.toLowerCase() ?? '';
  const kinds = request.kinds === undefined ? null : new Set(request.kinds);
  const rows = events
    .filter((e) => kinds === null || kinds.has(e.kind))
    .map((e) => ({ tsUs: e.tsUs, ts: e.ts, host: e.host, sessionId: e.sessionId, session: e.sessionId === null ? null : (keys.get(e.sessionId)?.key ?? null), user: e.user, kind: e.kind, text: e.text }))
    .filter((row) => needle === '' || [row.host, row.session, row.user, row.kind, row.text].some((v) => v !== null && v.toLowerCase().includes(needle)));
  const offset = request.offset ?? 0;
  const limit = request.limit ?? 1000;
  return { total: rows.length, rows: rows.slice(offset, offset + limit) };
}
