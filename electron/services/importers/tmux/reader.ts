// The tmux importer (`tmux-hooks`): a join log written by the hooks of `trailview tmux-hooks`
// plus one pipe-pane output log per pane. Each pane is one Trail session (its output is one
// terminal stream); the clients attached to the pane's tmux session are its participants
// (`join`/`leave`). docs/importers.md "tmux" lists what the hooks can and cannot tell.
//
// Facts of tmux 3.3a this relies on (see also the zoo's tmux/FORMAT.md):
// - on client-detached the client_* variables describe ANOTHER client; only hook_client names the
//   one that left, so its user/uid/pid/read-only flag come from its own attach line;
// - on session-closed session_* are empty: hook_session names the session;
// - hooks run asynchronously (run-shell -b): lines may be out of time order by a few µs–ms, so
//   they are sorted by time; client-attached and client-session-changed fire both on attach.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EventOf, ParticipantFields, TrailEvent } from '../../../core/records.js';
import { formatTimestamp } from '../../../core/timestamp.js';
import { sessionEndEvent, sessionStartEvent } from '../common/events.js';
import { fileChunks } from '../common/file-source.js';
import { readLines } from '../common/line-reader.js';
import { makeRecording } from '../common/make-recording.js';
import type { ProblemLog } from '../common/problems.js';
import { idPart } from '../common/session-id.js';
import type { FormatReader, ReaderResult } from '../detect.js';
import type { Recording } from '../recording.js';
import { field, HOOK_LINE_START, intField, parseHookLine, type HookLine } from './hook-log.js';
import { paneOutputEvents } from './pane-output.js';

export const TMUX_FORMAT = 'tmux-hooks';
const MAX_HOOK_LINE = 64 * 1024;

export function sniffTmuxHookLog(head: Uint8Array): number {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 8192)).toString('utf8');
  return HOOK_LINE_START.test(text) ? 0.95 : 0;
}

/** Pane log names a hook log mentions in its head (`pane_log=`), as paths beside it. */
export function paneLogsNamed(hookLog: string, head: Uint8Array): string[] {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
  const dir = path.dirname(hookLog);
  const names = new Set<string>();
  for (const m of text.matchAll(/\tpane_log=([^\t\n]+)/g)) names.add(path.join(dir, path.basename(m[1] as string)));
  if (names.size === 0 && existsSync(path.join(dir, 'pane.log'))) names.add(path.join(dir, 'pane.log'));
  return [...names];
}

export const tmuxReader: FormatReader = {
  name: TMUX_FORMAT,
  sniff: (file) => sniffTmuxHookLog(file.head),
  companions: (file) => paneLogsNamed(file.path, file.head),
  open: async (files): Promise<ReaderResult> => {
    const recordings: Recording[] = [];
    const problems: ReaderResult['problems'] = [];
    const hookLogs = files.filter((f) => sniffTmuxHookLog(f.head) > 0);
    const claimed = new Set<string>();
    for (const hookLog of hookLogs) {
      for (const pane of paneLogsNamed(hookLog.path, hookLog.head)) claimed.add(pane);
      recordings.push(await openTmuxHookLog(hookLog.path));
    }
    for (const file of files) {
      if (hookLogs.includes(file) || claimed.has(file.path)) continue;
      problems.push({ file: file.path, severity: 'error', message: 'a tmux pane log is imported together with the hooks.log that names it (pane_log=...); none was found' });
    }
    return { recordings, problems };
  },
};

/** A join log and the pane logs beside it, as one recording. */
export async function openTmuxHookLog(hookLog: string): Promise<Recording> {
  const files = [hookLog, ...(await paneLogsOf(hookLog))];
  return makeRecording(TMUX_FORMAT, files, (problems) => tmuxEvents(hookLog, problems));
}

/** The pane logs a join log names (pane_log=) that exist beside it; `pane.log` for zoo-style logs. */
async function paneLogsOf(hookLog: string): Promise<string[]> {
  const dir = path.dirname(hookLog);
  const names = new Set<string>();
  for await (const line of readLines(fileChunks(hookLog), MAX_HOOK_LINE)) {
    const m = /\tpane_log=([^\t\r]+)/.exec(line.bytes.toString('utf8'));
    if (m !== null) names.add(path.join(dir, path.basename(m[1] as string)));
  }
  if (names.size === 0) names.add(path.join(dir, 'pane.log'));
  return [...names].filter((name) => existsSync(name));
}

interface PaneState {
  key: string;
  trailSession: string;
  tmuxSession: string;
  paneId: string;
  open: boolean;
  hasLog: boolean;
  line: number;
}

interface ClientState {
  key: string;
  tmuxSession: string;
  info: ParticipantFields;
}

interface SessionState {
  key: string;
  name: string;
  panes: string[];
  clients: Set<string>;
}

type Step = { micros: number; event: TrailEvent } | { micros: number; output: { file: string; session: string } };

/**
 * The events of one join log. Hook lines are few (one per attach/detach), so they are read whole
 * and sorted; pane logs, which can be large, are streamed when the walk reaches their pane.
 */
export async function* tmuxEvents(hookLog: string, problems: ProblemLog): AsyncGenerator<TrailEvent> {
  const lines: HookLine[] = [];
  let lastLine = 0;
  let unterminated = false;
  for await (const line of readLines(fileChunks(hookLog), MAX_HOOK_LINE)) {
    lastLine = line.line;
    unterminated = !line.terminated;
    const parsed = parseHookLine(line);
    if (parsed.ok) lines.push(parsed.value);
    else if (!(line.bytes.length === 0 && line.tooLong !== true)) problems.skipped(hookLog, `line ${line.line} ${parsed.message}; left out`, { line: line.line, offset: line.offset });
  }
  if (lastLine === 0) {
    problems.warning(hookLog, 'the join log is empty: no tmux session to import');
    return;
  }
  if (unterminated) problems.warning(hookLog, `the last line (${lastLine}) does not end with a newline: the log may be truncated`, { line: lastLine });
  if (lines.length === 0) {
    problems.error(hookLog, 'no line of the file is a tmux hook line (TIME<TAB>EVENT<TAB>key=value...)');
    return;
  }
  const outOfOrder = lines.some((l, i) => i > 0 && l.micros < (lines[i - 1] as HookLine).micros);
  const sorted = lines.map((l, order) => ({ l, order })).sort((a, b) => a.l.micros - b.l.micros || a.order - b.order).map((x) => x.l);
  if (outOfOrder) problems.warning(hookLog, 'some lines are not in time order (tmux runs hooks concurrently); they are read sorted by time');

  const dir = path.dirname(hookLog);
  const usesPanePiped = sorted.some((l) => l.event === 'pane-piped');
  const sessions = new Map<string, SessionState>();
  const panes = new Map<string, PaneState>();
  const clients = new Map<string, ClientState>();
  const closedClients = new Set<string>(); // left because their session closed; their detach line is expected
  const steps: Step[] = [];

  const serverOf = (l: HookLine): string => field(l, 'server_pid') ?? '?';
  const sessionKey = (l: HookLine, ...names: string[]): string | undefined => {
    const id = field(l, ...names);
    return id === undefined ? undefined : `${serverOf(l)}/${id}`;
  };
  const push = (micros: number, event: TrailEvent): void => {
    steps.push({ micros, event });
  };
  const participant = (micros: number, type: 'join' | 'leave', pane: PaneState, client: ClientState, reason?: string): void => {
    const event = { ts: formatTimestamp(micros), type, session: pane.trailSession, ...client.info } as EventOf<'join'> | EventOf<'leave'>;
    if (type === 'leave' && reason !== undefined) (event as EventOf<'leave'>).reason = reason;
    push(micros, event);
  };
  const openPanes = (s: SessionState): PaneState[] =>
    s.panes.map((k) => panes.get(k)).filter((p): p is PaneState => p !== undefined && p.open);

  const startPane = (l: HookLine): void => {
    const sKey = sessionKey(l, 'session_id', 'hook_session');
    // Logs without pane_id (the zoo's hook.sh) name the pane by its tty.
    const paneTty = field(l, 'pane_tty');
    const paneId = field(l, 'pane_id') ?? (paneTty === undefined ? '%?' : `%${path.basename(paneTty)}`);
    if (sKey === undefined) {
      problems.skipped(hookLog, `line ${l.line}: ${l.event} without a session id; left out`, { line: l.line });
      return;
    }
    let session = sessions.get(sKey);
    if (session === undefined) {
      session = { key: sKey, name: field(l, 'session_name', 'hook_session_name') ?? '', panes: [], clients: new Set() };
      sessions.set(sKey, session);
    }
    const key = `${serverOf(l)}/${paneId}`;
    const known = panes.get(key);
    let pane: PaneState;
    if (known !== undefined && known.open) {
      pane = known;
    } else {
      const created = field(l, 'session_created') ?? '';
      const trailSession = ['tmux', idPart(field(l, 'host') ?? 'host'), idPart(serverOf(l)), created, idPart(sKey.split('/')[1] ?? '').replace(/^_/, 's'), idPart(paneId).replace(/^_/, 'p')]
        .filter((p) => p !== '')
        .join('-');
      pane = { key, trailSession, tmuxSession: sKey, paneId, open: true, hasLog: false, line: l.line };
      panes.set(key, pane);
      session.panes.push(key);
      const user = field(l, 'server_user') ?? null;
      const uid = intField(l, 'server_uid');
      const version = field(l, 'version');
      const missing = ['input', 'output-timing', 'resize', 'exitStatus'];
      if (user === null) missing.unshift('user');
      const start = sessionStartEvent(trailSession, l.micros, {
        user,
        host: field(l, 'host') ?? null,
        tty: field(l, 'pane_tty') ?? null,
        term: field(l, 'pane_term') ?? null,
        cols: intField(l, 'pane_width') ?? null,
        rows: intField(l, 'pane_height') ?? null,
        recorder: version === undefined ? { name: 'tmux', format: TMUX_FORMAT } : { name: 'tmux', version, format: TMUX_FORMAT },
        missing,
      });
      if (uid !== undefined) start.uid = uid;
      const cwd = field(l, 'pane_current_path');
      if (cwd !== undefined) start.cwd = cwd;
      const title = [session.name, paneId].filter((p) => p !== '').join(' ');
      if (title !== '') start.title = `tmux ${title}`;
      push(l.micros, start);
    }
    const logName = field(l, 'pane_log');
    const log = logName !== undefined ? path.join(dir, path.basename(logName)) : !usesPanePiped ? path.join(dir, 'pane.log') : undefined;
    if (log !== undefined && !pane.hasLog) {
      if (existsSync(log)) {
        if (logName === undefined && panes.size > 1) {
          problems.warning(hookLog, `pane.log holds no pane id; attributed to pane ${paneId} of session ${session.name}`, { line: l.line });
        }
        pane.hasLog = true;
        steps.push({ micros: l.micros, output: { file: log, session: pane.trailSession } });
      } else if (logName !== undefined) {
        problems.warning(hookLog, `line ${l.line} names the pane log ${path.basename(log)}, which is not beside the join log: that pane's output is not imported`, { line: l.line });
      }
    }
    // Clients already attached to the session watch the new pane from its first moment.
    if (known === undefined || !known.open) {
      for (const clientKey of session.clients) {
        const client = clients.get(clientKey);
        if (client !== undefined) participant(l.micros, 'join', pane, client);
      }
    }
  };

  const endPane = (micros: number, pane: PaneState, reason: string): void => {
    if (!pane.open) return;
    const session = sessions.get(pane.tmuxSession);
    for (const clientKey of session?.clients ?? []) {
      const client = clients.get(clientKey);
      if (client !== undefined) participant(micros, 'leave', pane, client, reason);
    }
    pane.open = false;
    if (!pane.hasLog) {
      problems.warning(hookLog, `pane ${pane.paneId} (line ${pane.line}) has no pipe-pane log: its output is not in the recording`, { line: pane.line });
    }
    push(micros, sessionEndEvent(pane.trailSession, micros, null, reason));
  };

  const attach = (l: HookLine): void => {
    const name = field(l, 'hook_client', 'client_name');
    const sKey = sessionKey(l, 'session_id');
    if (name === undefined || sKey === undefined) {
      problems.skipped(hookLog, `line ${l.line}: ${l.event} names no client or session; left out`, { line: l.line });
      return;
    }
    const key = `${serverOf(l)}/${name}`;
    const existing = clients.get(key);
    if (existing !== undefined && existing.tmuxSession === sKey) return; // attach + session-changed: one join
    const session = sessions.get(sKey);
    if (existing !== undefined) leaveClient(l.micros, existing, `switched to session ${field(l, 'session_name') ?? sKey}`);
    const info: ParticipantFields = { user: field(l, 'client_user') ?? null, readOnly: false };
    const uid = intField(l, 'client_uid');
    if (uid !== undefined) info.uid = uid;
    const tty = field(l, 'client_tty');
    if (tty !== undefined) info.clientTty = tty;
    info.client = name;
    info.readOnly = field(l, 'client_readonly') === '1' || (field(l, 'client_flags') ?? '').split(',').includes('read-only');
    const pid = intField(l, 'client_pid');
    if (pid !== undefined) info.pid = pid;
    const client: ClientState = { key, tmuxSession: sKey, info };
    clients.set(key, client);
    closedClients.delete(key);
    if (session === undefined) {
      problems.warning(hookLog, `line ${l.line}: client ${name} attached to session ${field(l, 'session_name') ?? sKey}, whose creation is not in the log: no pane to join`, { line: l.line });
      return;
    }
    session.clients.add(key);
    for (const pane of openPanes(session)) participant(l.micros, 'join', pane, client);
  };

  const leaveClient = (micros: number, client: ClientState, reason: string): void => {
    const session = sessions.get(client.tmuxSession);
    if (session !== undefined) {
      for (const pane of openPanes(session)) participant(micros, 'leave', pane, client, reason);
      session.clients.delete(client.key);
    }
    clients.delete(client.key);
  };

  for (const l of sorted) {
    switch (l.event) {
      case 'session-created':
      case 'pane-piped':
        startPane(l);
        break;
      case 'pane-exited': {
        const paneId = field(l, 'hook_pane');
        const pane = paneId === undefined ? undefined : panes.get(`${serverOf(l)}/${paneId}`);
        if (pane === undefined) problems.warning(hookLog, `line ${l.line}: pane-exited for a pane the log never saw start (${paneId ?? 'no hook_pane'})`, { line: l.line });
        else endPane(l.micros, pane, 'pane exited');
        break;
      }
      case 'session-closed': {
        const sKey = sessionKey(l, 'hook_session', 'session_id');
        const session = sKey === undefined ? undefined : sessions.get(sKey);
        if (session === undefined) {
          problems.warning(hookLog, `line ${l.line}: session-closed for a session the log never saw created (${field(l, 'hook_session_name') ?? sKey ?? '?'})`, { line: l.line });
          break;
        }
        for (const clientKey of [...session.clients]) {
          const client = clients.get(clientKey);
          if (client !== undefined) {
            leaveClient(l.micros, client, 'session closed');
            closedClients.add(clientKey);
          }
        }
        for (const pane of openPanes(session)) endPane(l.micros, pane, 'tmux session closed');
        sessions.delete(session.key);
        break;
      }
      case 'client-attached':
      case 'client-session-changed':
        attach(l);
        break;
      case 'client-detached': {
        const name = field(l, 'hook_client');
        const key = `${serverOf(l)}/${name ?? ''}`;
        const client = clients.get(key);
        // A client detached by its session's end sees no session any more: its line has empty
        // session_* and client_* (the detach and session-closed hooks race; either may come first).
        const gone = field(l, 'session_id', 'client_name') === undefined;
        if (client !== undefined) leaveClient(l.micros, client, gone ? 'session closed' : 'detached');
        else if (closedClients.delete(key)) {
          // Detached because its session closed: the leave was written at the close.
        } else {
          problems.warning(hookLog, `line ${l.line}: client ${name ?? '(no hook_client)'} detached, but its attach is not in the log: who it was is unknown`, { line: l.line });
        }
        break;
      }
    }
  }
  for (const pane of panes.values()) {
    if (pane.open) {
      problems.warning(
        hookLog,
        `pane ${pane.paneId} (started on line ${pane.line}) is still open at the end of the log (no pane-exited or session-closed line): the log may be truncated, or the server was still running; no session.end is written`,
        { line: pane.line },
      );
      if (!pane.hasLog) problems.warning(hookLog, `pane ${pane.paneId} (line ${pane.line}) has no pipe-pane log: its output is not in the recording`, { line: pane.line });
    }
  }

  for (const step of steps) {
    if ('event' in step) yield step.event;
    else yield* paneOutputEvents(step.output.file, step.output.session, step.micros);
  }
}

