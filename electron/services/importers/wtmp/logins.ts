// From utmp records to login sessions (docs/importers.md "utmp/wtmp"). Per line (ut_line), a
// USER_PROCESS opens a session and the DEAD_PROCESS after it ends it; whoever the record says is on
// the line is the session's participant: `join` at the login, `leave` at the logout.
//
// Rewrites: libutempter changes an entry's host by removing it and adding it again — a
// DEAD_PROCESS immediately followed by a USER_PROCESS of the same pid on the same line. That is not
// a logout: the session goes on and only its participant changes. mosh-server does this:
//   "mosh [PID]"            the server runs, no client attached (at start, and again after it heard
//                           nothing from the client for 30 s);
//   "ADDR via mosh [PID]"   a client at ADDR is attached (written when the first packet of a new
//                           client arrives, and again whenever the client's address or port
//                           changes: roaming — utmp keeps no port, so the text may stay the same).
// So: "mosh [PID]" → "ADDR via mosh" is a join from ADDR at the new record's time, "ADDR via mosh" →
// another (or the same) address a leave + join (roaming), "via mosh" → "mosh [PID]" a leave.
import type { ParticipantFields } from '../../../core/records.js';
import { eventTimestamp, sessionEndEvent, sessionStartEvent, type SessionFacts, type Timed } from '../common/events.js';
import type { SessionClock } from '../common/clock.js';
import type { ProblemLog } from '../common/problems.js';
import { devicePath, TYPE_NAMES, UT, type UtmpRecord } from './record.js';

/** A DEAD_PROCESS and the USER_PROCESS that re-adds the entry (libutempter) are this close at most. */
export const REWRITE_WINDOW_MICROS = 2_000_000;
/** How many records ahead a rewrite's USER_PROCESS is looked for. */
export const REWRITE_LOOKAHEAD = 16;

export const LOGIN_MISSING = ['host', 'term', 'size', 'output', 'input', 'resize', 'commands', 'exitStatus'];

// mosh-server writes the text with snprintf into 64 bytes: a long IPv6 address can cut the "]".
const MOSH_HOST = /^(?:(.+?) via )?mosh \[(\d+)\]?$/;

interface Participant {
  fields: ParticipantFields & { utHost?: string };
  mosh: boolean;
}

interface OpenLogin {
  session: string;
  pid: number;
  user: string;
  line: string;
  participant: Participant | null;
  mosh: boolean;
}

/** Who a USER_PROCESS record says is on the line; null for a mosh-server with no client attached. */
function participantOf(r: UtmpRecord): Participant | null {
  const mosh = MOSH_HOST.exec(r.host);
  const fields: Participant['fields'] = { user: r.user === '' ? null : r.user, readOnly: false };
  const tty = devicePath(r.line);
  if (tty !== null) fields.clientTty = tty;
  if (mosh !== null) {
    if (mosh[1] === undefined) return null;
    fields.remote = mosh[1];
    fields.client = 'mosh';
  } else {
    const remote = r.address ?? (r.host === '' ? undefined : r.host);
    if (remote !== undefined) fields.remote = remote;
  }
  fields.pid = r.pid;
  if (r.host !== '') fields.utHost = r.host;
  return { fields, mosh: mosh !== null };
}

function lineKey(r: UtmpRecord): string {
  return r.line !== '' ? `line:${r.line}` : `id:${r.id}`;
}

const describeLine = (r: { line: string; user: string; pid: number }): string =>
  `${devicePath(r.line) ?? '(no line)'} (${r.user === '' ? 'no user' : r.user}, pid ${r.pid})`;

/** Reads records ahead of the one being handled (for rewrites). */
export interface Lookahead {
  peek(i: number): Promise<UtmpRecord | undefined>;
}

export class LoginSessions {
  private readonly open = new Map<string, OpenLogin>();
  private readonly gettyLines = new Set<string>();
  private readonly usedIds = new Set<string>();
  /** USER_PROCESS records found to continue a session (a rewrite), with the DEAD_PROCESS time. */
  private readonly rewrites = new Map<UtmpRecord, number>();
  private readonly out: Timed[] = [];
  /** Records that describe no login (boots, run levels, login prompts, clock changes), by type. */
  private readonly other = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly idPrefix: string,
    private readonly clock: SessionClock,
    private readonly problems: ProblemLog,
  ) {}

  /** Handles one record (in the order given); returns the events it produced. */
  async handle(r: UtmpRecord, ahead: Lookahead | null): Promise<Timed[]> {
    this.out.length = 0;
    if (r.type !== UT.USER_PROCESS && r.type !== UT.DEAD_PROCESS) {
      const name = TYPE_NAMES[r.type] ?? String(r.type);
      this.other.set(name, (this.other.get(name) ?? 0) + 1);
    }
    switch (r.type) {
      case UT.USER_PROCESS:
        this.user(r);
        break;
      case UT.DEAD_PROCESS:
        await this.dead(r, ahead);
        break;
      case UT.BOOT_TIME:
        this.closeAll(r, 'the system booted again with no logout record for this session (a crash or power loss; `last` says "crash"): it ended at the latest at this boot');
        break;
      case UT.RUN_LVL:
        if (r.user === 'shutdown' || r.line === '~~') this.closeAll(r, 'the system was shut down with no logout record for this session');
        break;
      case UT.INIT_PROCESS:
      case UT.LOGIN_PROCESS:
        this.getty(r);
        break;
      default:
        break; // NEW_TIME, OLD_TIME, ACCOUNTING: not about logins
    }
    return [...this.out];
  }

  /** Sessions still open at the end of the file: said, not ended (no invented session.end). */
  finish(): void {
    for (const login of this.open.values()) {
      this.problems.warning(
        this.file,
        `${describeLine(login)} has no logout record: still logged in when the file was copied (a utmp file shows who is logged in), or its logout is in a later file; the session has no end`,
      );
    }
    this.open.clear();
    if (this.other.size > 0) {
      const counts = [...this.other].map(([name, n]) => `${n} ${name}`).join(', ');
      this.problems.warning(
        this.file,
        `${[...this.other.values()].reduce((a, b) => a + b, 0)} records describe no login (${counts}): boots and shutdowns only end the sessions open then; run levels, login prompts (in a btmp file: failed logins), clock changes and accounting records are not imported as events`,
      );
    }
  }

  private user(r: UtmpRecord): void {
    const key = lineKey(r);
    const current = this.open.get(key);
    const rewriteDead = this.rewrites.get(r);
    if (rewriteDead !== undefined) this.rewrites.delete(r);
    if (current !== undefined && (current.pid === r.pid || rewriteDead !== undefined)) {
      this.changeParticipant(current, r, rewriteDead);
      return;
    }
    if (current !== undefined) {
      this.problems.warning(this.file, `record ${r.index}: a new login on ${describeLine(r)} while ${describeLine(current)} had no logout record; that session is ended here`, {
        offset: r.offset,
      });
      this.end(current, r.micros, r, 'a new login on the same line with no logout record before it');
    }
    this.start(r);
  }

  private async dead(r: UtmpRecord, ahead: Lookahead | null): Promise<void> {
    const key = lineKey(r);
    const current = this.open.get(key);
    if (current === undefined) {
      if (!this.gettyLines.has(key)) {
        this.problems.warning(
          this.file,
          `record ${r.index}: logout of ${describeLine(r)} at ${eventTimestamp(r.micros)} with no login before it in this file (the login is in an older, rotated file; or this is a utmp file, which keeps only the last state of each line); no session`,
          { offset: r.offset },
        );
      }
      return;
    }
    // A rewrite (libutempter: remove + add)? The next record of this line, close by, re-adds it.
    if (ahead !== null) {
      for (let i = 0; i < REWRITE_LOOKAHEAD; i++) {
        const next = await ahead.peek(i);
        if (next === undefined || next.micros - r.micros > REWRITE_WINDOW_MICROS) break;
        if (lineKey(next) !== key) continue;
        if (next.type === UT.USER_PROCESS && next.pid === current.pid && next.micros >= r.micros) {
          this.rewrites.set(next, r.micros);
          return;
        }
        break;
      }
    }
    this.end(current, r.micros, r, current.mosh ? 'mosh-server ended (logout record)' : 'logged out (logout record)');
  }

  private getty(r: UtmpRecord): void {
    const key = lineKey(r);
    this.gettyLines.add(key);
    const current = this.open.get(key);
    if (current === undefined) return;
    this.problems.warning(this.file, `record ${r.index}: a login prompt (${r.type === UT.INIT_PROCESS ? 'INIT_PROCESS' : 'LOGIN_PROCESS'}) started on ${describeLine(r)} while ${describeLine(current)} had no logout record; that session is ended here`, {
      offset: r.offset,
    });
    this.end(current, r.micros, r, 'a new login prompt on the same line with no logout record before it');
  }

  private start(r: UtmpRecord): void {
    let session = `${this.idPrefix}-${r.line === '' ? `id_${r.id}` : r.line}-${r.pid}`.replace(/[^A-Za-z0-9._-]+/g, '_');
    if (this.usedIds.has(session)) {
      let n = 2;
      while (this.usedIds.has(`${session}-${n}`)) n++;
      session = `${session}-${n}`;
    }
    this.usedIds.add(session);
    const participant = participantOf(r);
    const mosh = MOSH_HOST.test(r.host);
    const login: OpenLogin = { session, pid: r.pid, user: r.user, line: r.line, participant: null, mosh };
    this.open.set(lineKey(r), login);
    const micros = this.clock.at(r.micros, { offset: r.offset });
    const facts: SessionFacts = {
      user: r.user === '' ? null : r.user,
      host: null,
      tty: devicePath(r.line),
      term: null,
      cols: null,
      rows: null,
      recorder: { name: 'utmp', format: 'wtmp' },
    };
    if (participant?.fields.remote !== undefined) facts.remote = participant.fields.remote;
    facts.missing = [...LOGIN_MISSING];
    facts.kind = 'login';
    facts.pid = r.pid;
    if (r.id !== '') facts.utId = r.id;
    if (r.host !== '') facts.loginHost = r.host;
    if (r.session !== 0) facts.utSession = r.session;
    this.out.push({ micros, event: sessionStartEvent(session, micros, facts) });
    if (participant !== null) this.join(login, participant, micros);
  }

  private changeParticipant(login: OpenLogin, r: UtmpRecord, deadMicros: number | undefined): void {
    const next = participantOf(r);
    const before = login.participant;
    if (MOSH_HOST.test(r.host)) login.mosh = true;
    if (before !== null) {
      const same = next !== null && next.fields.remote === before.fields.remote && next.fields.user === before.fields.user;
      // A mosh rewrite always means the client's address changed; the same text: only the port did.
      if (same && !(before.mosh && deadMicros !== undefined)) return;
      let reason: string;
      if (next === null) {
        reason = before.mosh
          ? 'mosh-server heard nothing from the client for 30 s (its utmp entry went back to "mosh [PID]"): the client is away or gone'
          : 'the login record no longer names this client';
      } else if (before.mosh) {
        reason = same
          ? 'mosh-server saw the client at a new port (roaming; utmp keeps no port)'
          : `mosh-server saw the client at a new address, ${next.fields.remote ?? '?'} (roaming)`;
      } else reason = `the login record now names ${next.fields.remote ?? 'no remote host'}`;
      this.leave(login, before, this.clock.at(deadMicros ?? r.micros, { offset: r.offset }), reason);
    }
    if (next !== null) this.join(login, next, this.clock.at(r.micros, { offset: r.offset }));
  }

  private join(login: OpenLogin, p: Participant, micros: number): void {
    login.participant = p;
    this.out.push({ micros, event: { ts: eventTimestamp(micros), type: 'join', session: login.session, ...p.fields } });
  }

  private leave(login: OpenLogin, p: Participant, micros: number, reason: string): void {
    login.participant = null;
    this.out.push({ micros, event: { ts: eventTimestamp(micros), type: 'leave', session: login.session, ...p.fields, reason } });
  }

  private end(login: OpenLogin, at: number, r: UtmpRecord, reason: string): void {
    const micros = this.clock.at(at, { offset: r.offset });
    if (login.participant !== null) this.leave(login, login.participant, micros, reason);
    const end = sessionEndEvent(login.session, micros, null, reason);
    if (r.type === UT.DEAD_PROCESS && (r.exitTermination !== 0 || r.exitCode !== 0)) {
      Object.assign(end, { utExit: { termination: r.exitTermination, exit: r.exitCode } });
    }
    this.out.push({ micros, event: end });
    for (const [key, value] of this.open) if (value === login) this.open.delete(key);
  }

  private closeAll(r: UtmpRecord, reason: string): void {
    for (const login of [...this.open.values()]) {
      this.problems.warning(this.file, `record ${r.index}: ${describeLine(login)}: ${reason}`, { offset: r.offset });
      this.end(login, r.micros, r, reason);
    }
  }
}
