// What the analyzers read: sessions and joins from the catalog, commands from the index shards
// (docs/architecture.md, "The case": commands live in the shards, never in the catalog).
import type { Database } from 'sql.js';
import { selectAll } from '../case/case-db.js';

export interface SessionFacts {
  id: number;
  key: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  remote: string | null;
  format: string | null;
  startUs: number | null;
}

export interface JoinFacts {
  sessionId: number;
  tsUs: number;
  seq: number | null;
  user: string | null;
  clientTty: string | null;
  remote: string | null;
  readOnly: boolean;
}

export interface CommandRow {
  id: number;
  sessionId: number;
  tsUs: number;
  seq: number | null;
  text: string;
  user: string | null;
  host: string | null;
  cwd: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function readSessions(catalog: Database): Map<number, SessionFacts> {
  const out = new Map<number, SessionFacts>();
  for (const r of selectAll(catalog, 'SELECT id, session_key, user, host, tty, remote, format, start_us FROM sessions ORDER BY id')) {
    const id = Number(r.id);
    out.set(id, {
      id,
      key: String(r.session_key),
      user: str(r.user),
      host: str(r.host),
      tty: str(r.tty),
      remote: str(r.remote),
      format: str(r.format),
      startUs: num(r.start_us),
    });
  }
  return out;
}

export function readJoins(catalog: Database): JoinFacts[] {
  return selectAll(catalog, "SELECT session_id, ts_us, seq, user, client_tty, remote, read_only FROM participants WHERE kind = 'join' ORDER BY ts_us, id").map((r) => ({
    sessionId: Number(r.session_id),
    tsUs: Number(r.ts_us),
    seq: num(r.seq),
    user: str(r.user),
    clientTty: str(r.client_tty),
    remote: str(r.remote),
    readOnly: Number(r.read_only) !== 0,
  }));
}

/** Calls `visit` for every command of every index database, in storage order. */
export function forEachCommand(indexes: readonly Database[], visit: (row: CommandRow) => void): number {
  let count = 0;
  for (const db of indexes) {
    const stmt = db.prepare('SELECT id, session_id, ts_us, seq, text, user, host, cwd FROM commands');
    try {
      while (stmt.step()) {
        const [id, sessionId, tsUs, seq, text, user, host, cwd] = stmt.get();
        visit({
          id: Number(id),
          sessionId: Number(sessionId),
          tsUs: Number(tsUs),
          seq: seq === null ? null : Number(seq),
          text: String(text),
          user: typeof user === 'string' ? user : null,
          host: typeof host === 'string' ? host : null,
          cwd: typeof cwd === 'string' ? cwd : null,
        });
        count++;
      }
    } finally {
      stmt.free();
    }
  }
  return count;
}
