// Turns what a reviewer typed (`--session web-1-tmux-ops --from … --to …`, `--query …`) into
// anchors that name exact rows and records: the session's catalog id and evidence, the range in
// canonical UTC, and the seqs of the session's records inside it, read from the evidence itself.
import type { Database } from 'sql.js';
import { formatTimestamp, parseIsoToMicros } from '../../core/timestamp.js';
import { parseQuery } from '../../core/search/parse-query.js';
import { selectAll } from '../case/case-db.js';
import { evidenceBundlePath, evidenceLines } from './evidence-lines.js';
import { FindingError, type Anchor, type AnchorRequest, type SessionAnchor } from './finding-types.js';

export interface SessionRef {
  id: number;
  key: string;
  evidenceId: number;
  evidenceSha256: string;
  bundle: string;
  startUs: number | null;
  endUs: number | null;
}

/** A session by catalog id (`3`) or by its key (`web-1-tmux-ops`), unambiguous in the case. */
const SESSION_SELECT = `SELECT s.id, s.session_key, s.evidence_id, s.start_us, s.end_us, e.sha256, e.stored_as, e.index_source
     FROM sessions s JOIN evidence e ON e.id = s.evidence_id`;

export function findSession(db: Database, ref: string | { id: number }): SessionRef {
  if (typeof ref !== 'string') {
    const row = selectAll(db, `${SESSION_SELECT} WHERE s.id = ?`, [ref.id])[0];
    if (row === undefined) throw new FindingError(`session ${ref.id} is not in the case`, 'NOT_FOUND');
    return sessionRef(row);
  }
  let chosen = selectAll(db, `${SESSION_SELECT} WHERE s.session_key = ? ORDER BY s.id`, [ref]);
  // A number names the session's catalog id, unless some session has that number as its key.
  if (chosen.length === 0 && /^\d{1,15}$/.test(ref)) chosen = selectAll(db, `${SESSION_SELECT} WHERE s.id = ?`, [Number(ref)]);
  if (chosen.length === 0) throw new FindingError(`session ${JSON.stringify(ref)} is not in the case (give a session key as \`trailview search\` shows it, or its number)`, 'NOT_FOUND');
  if (chosen.length > 1) {
    throw new FindingError(`session key ${JSON.stringify(ref)} is in several evidence items; give its number instead: ${chosen.map((r) => `${String(r.id)} (evidence ${String(r.evidence_id)})`).join(', ')}`);
  }
  return sessionRef(chosen[0] as Record<string, unknown>);
}

function sessionRef(r: Record<string, unknown>): SessionRef {
  return {
    id: Number(r.id),
    key: String(r.session_key),
    evidenceId: Number(r.evidence_id),
    evidenceSha256: String(r.sha256),
    bundle: evidenceBundlePath(r as { stored_as: unknown; index_source: unknown }),
    startUs: r.start_us === null ? null : Number(r.start_us),
    endUs: r.end_us === null ? null : Number(r.end_us),
  };
}

export function parseTime(value: string, field: string): number {
  try {
    return parseIsoToMicros(value.trim());
  } catch (error) {
    throw new FindingError(`${field}: ${(error as Error).message}`);
  }
}

function range(fromText: string, toText: string): { fromUs: number; toUs: number } {
  const fromUs = parseTime(fromText, '--from');
  const toUs = parseTime(toText, '--to');
  if (toUs < fromUs) throw new FindingError(`--to (${formatTimestamp(toUs)}) is before --from (${formatTimestamp(fromUs)})`);
  return { fromUs, toUs };
}

export async function resolveAnchor(caseDir: string, db: Database, request: AnchorRequest): Promise<Anchor> {
  switch (request.kind) {
    case 'query': {
      const query = request.query.trim();
      if (query === '') throw new FindingError('--query: the query is empty');
      try {
        parseQuery(query);
      } catch (error) {
        throw new FindingError(`--query: ${(error as Error).message}`);
      }
      return { kind: 'query', query };
    }
    case 'timeline': {
      const { fromUs, toUs } = range(request.from, request.to);
      const sessionIds = [...(request.sessions ?? []).map((s) => findSession(db, s).id), ...(request.sessionIds ?? []).map((id) => findSession(db, { id }).id)];
      return { kind: 'timeline', from: formatTimestamp(fromUs), to: formatTimestamp(toUs), fromUs, toUs, sessionIds };
    }
    case 'session':
      return resolveSessionAnchor(caseDir, db, request.session, request.from, request.to);
    case 'session-id':
      return resolveSessionAnchor(caseDir, db, { id: request.sessionId }, request.from, request.to);
  }
}

async function resolveSessionAnchor(caseDir: string, db: Database, which: string | { id: number }, fromText: string, toText: string): Promise<SessionAnchor> {
  const session = findSession(db, which);
  const { fromUs, toUs } = range(fromText, toText);
  if (session.startUs !== null && session.endUs !== null && (toUs < session.startUs || fromUs > session.endUs)) {
    throw new FindingError(
      `session ${session.key} ran from ${formatTimestamp(session.startUs)} to ${formatTimestamp(session.endUs)}; the range ${formatTimestamp(fromUs)} – ${formatTimestamp(toUs)} lies outside it`,
    );
  }
  return {
    kind: 'session',
    sessionId: session.id,
    sessionKey: session.key,
    evidenceId: session.evidenceId,
    evidenceSha256: session.evidenceSha256,
    from: formatTimestamp(fromUs),
    to: formatTimestamp(toUs),
    fromUs,
    toUs,
    records: await coveredRecords(caseDir, session, fromUs, toUs),
  };
}

/** The session's records inside the range, read from the evidence (the seqs a finding cites). */
async function coveredRecords(caseDir: string, session: SessionRef, fromUs: number, toUs: number): Promise<SessionAnchor['records']> {
  const needle = `"session":${JSON.stringify(session.key)}`;
  let first = 0;
  let last = 0;
  let count = 0;
  for await (const { bytes } of evidenceLines(caseDir, session.bundle)) {
    const text = bytes.toString('utf8');
    if (!text.includes(needle)) continue;
    let record: { seq?: unknown; ts?: unknown; session?: unknown };
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      continue; // a damaged line (the evidence's verdict says so): not a record of the range
    }
    if (record === null || typeof record !== 'object') continue;
    if (record.session !== session.key || typeof record.ts !== 'string' || typeof record.seq !== 'number') continue;
    let ts: number;
    try {
      ts = parseIsoToMicros(record.ts);
    } catch {
      continue;
    }
    if (ts < fromUs) continue;
    if (ts > toUs) continue;
    if (count === 0) first = record.seq;
    last = record.seq;
    count += 1;
  }
  return count === 0 ? null : { first, last, count };
}
