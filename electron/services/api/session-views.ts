// Sessions as the UI lists them (SessionRow) and one session in detail: participants from the
// catalog, commands from the evidence's index shards.
import type { CommandView, ParticipantView, SessionDetail, SessionRow, SessionsQuery } from '../../core/api/contract.js';
import { formatTimestamp } from '../../core/timestamp.js';
import type { CaseHandle } from '../case/case.js';
import { selectAll, selectValue } from '../case/case-db.js';
import { ApiError } from './api-error.js';
import { num, numOrNull, str, strOrNull, verdict } from './row-values.js';

type SortKey = NonNullable<SessionsQuery['sort']>['key'];

export const SESSION_SORT_KEYS: readonly SortKey[] = ['user', 'host', 'tty', 'start', 'duration', 'commands', 'participants', 'format', 'verdict'];

const SORT_SQL: Record<SortKey, string> = {
  user: 's.user',
  host: 's.host',
  tty: 's.tty',
  start: 's.start_us',
  duration: '(s.end_us - s.start_us)',
  commands: 's.commands',
  participants: 's.participants',
  format: 's.format',
  verdict: 'e.verdict',
};

const SESSION_COLUMNS = `s.id, s.evidence_id, s.session_key, s.user, s.host, s.tty, s.remote, s.format, s.start_us, s.end_us,
  s.commands, s.participants, s.output_bytes, s.cols, s.rows, e.verdict`;

export function listSessions(handle: CaseHandle, query: SessionsQuery): SessionRow[] {
  const where: string[] = [];
  const params: string[] = [];
  const filter = query.filter?.trim() ?? '';
  if (filter !== '') {
    // A substring, literally: % and _ in the filter are not wildcards.
    const like = `%${filter.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = ['s.user', 's.host', 's.tty', 's.session_key', 's.format'];
    where.push(`(${columns.map((c) => `lower(COALESCE(${c}, '')) LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...columns.map(() => like));
  }
  const sort = query.sort ?? { key: 'start', dir: 'asc' };
  const expr = SORT_SQL[sort.key];
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  // Unknown values (NULL) last in either direction; the id keeps equal rows in a stable order.
  const sql = `SELECT ${SESSION_COLUMNS} FROM sessions s JOIN evidence e ON e.id = s.evidence_id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY (${expr} IS NULL), ${expr} ${dir}, s.id ${dir}`;
  return selectAll(handle.db, sql, params).map(sessionRow);
}

function sessionRow(r: Record<string, unknown>): SessionRow {
  return {
    id: num(r.id),
    evidenceId: num(r.evidence_id),
    sessionKey: str(r.session_key),
    user: strOrNull(r.user),
    host: strOrNull(r.host),
    tty: strOrNull(r.tty),
    remote: strOrNull(r.remote),
    format: strOrNull(r.format),
    startUs: numOrNull(r.start_us),
    endUs: numOrNull(r.end_us),
    commands: num(r.commands),
    participants: num(r.participants),
    outputBytes: num(r.output_bytes),
    verdict: verdict(r.verdict),
    cols: numOrNull(r.cols),
    rows: numOrNull(r.rows),
  };
}

export async function sessionDetail(handle: CaseHandle, sessionId: number, limit: number): Promise<SessionDetail> {
  const row = selectAll(handle.db, `SELECT ${SESSION_COLUMNS} FROM sessions s JOIN evidence e ON e.id = s.evidence_id WHERE s.id = ?`, [sessionId])[0];
  if (row === undefined) throw new ApiError('NOT_FOUND', `sessions.detail: the case has no session with id ${sessionId}`);
  const session = sessionRow(row);
  const participants = selectAll(
    handle.db,
    'SELECT kind, ts_us, user, client_tty, client, remote, read_only FROM participants WHERE session_id = ? ORDER BY ts_us, id',
    [sessionId],
  ).map(
    (p): ParticipantView => ({
      kind: p.kind === 'leave' ? 'leave' : 'join',
      tsUs: num(p.ts_us),
      ts: formatTimestamp(num(p.ts_us)),
      user: strOrNull(p.user),
      clientTty: strOrNull(p.client_tty),
      client: strOrNull(p.client),
      remote: strOrNull(p.remote),
      readOnly: p.read_only === 1,
    }),
  );
  // Commands live in the index shards of the session's evidence (one or more parts, in id order).
  const commands: CommandView[] = [];
  let total = 0;
  for (const shard of handle.indexShards().filter((s) => s.evidenceId === session.evidenceId)) {
    const db = await handle.openIndex(shard);
    total += num(selectValue(db, 'SELECT count(*) FROM commands WHERE session_id = ?', [sessionId]));
    const room = limit - commands.length;
    if (room <= 0) continue;
    for (const c of selectAll(db, 'SELECT id, ts_us, seq, text, cwd, exit_status, user FROM commands WHERE session_id = ? ORDER BY ts_us, id LIMIT ?', [sessionId, room])) {
      commands.push({
        id: num(c.id),
        tsUs: num(c.ts_us),
        ts: formatTimestamp(num(c.ts_us)),
        seq: numOrNull(c.seq),
        text: str(c.text),
        cwd: strOrNull(c.cwd),
        exitStatus: numOrNull(c.exit_status),
        user: strOrNull(c.user),
      });
    }
  }
  commands.sort((a, b) => a.tsUs - b.tsUs || a.id - b.id);
  return { session, participants, commands, commandsTotal: total };
}
