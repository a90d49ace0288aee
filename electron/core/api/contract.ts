// The one typed API contract between the UI (renderer/) and the Node-side services.
// Carried by Electron IPC in the app (electron/preload.ts exposes `window.trailview`) and by the
// loopback HTTP/WebSocket bridge in web mode (`trailview serve`); both carry exactly these calls
// and events, so the same UI runs on either. Everything here is plain data (structured clone / JSON):
// no classes, no functions, no Dates (times are canonical UTC strings plus integer µs).
//
// Adding a call: add it to `ApiCalls` (request and response types) and to `API_CALLS`, then
// implement it in electron/services/api/ (tsc refuses a handler table that misses one).

/** Microseconds since the Unix epoch (UTC), as stored in the case. */
export type Micros = number;

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

export type Verdict = 'verified' | 'untrusted' | 'unsigned' | 'invalid' | 'raw';

export interface TimeRange {
  /** Canonical UTC timestamp (`2026-03-02T03:14:07.123456Z`). */
  start: string;
  end: string;
  startUs: Micros;
  endUs: Micros;
}

export interface AppInfo {
  product: string;
  version: string;
  /** `electron` in the desktop app, `web` under `trailview serve`. */
  carrier: 'electron' | 'web';
  /** Native open dialogs exist (Electron); in web mode the UI asks for a path or uploads files. */
  nativeDialogs: boolean;
  /** Uploading files from the browser is possible (web mode). */
  uploads: boolean;
  platform: string;
}

export interface RecentCase {
  dir: string;
  name: string;
  openedAt: string;
}

export interface EvidenceView {
  id: number;
  sha256: string;
  kind: 'bundle' | 'recording';
  fileName: string;
  storedAs: string;
  size: number;
  format: string;
  verdict: Verdict;
  origin: string | null;
  /** Signer key names; `trusted` only when the key is in the trust store. */
  signers: Array<{ name: string; keyId: string | null; trusted: boolean }>;
  /** Number of verification findings. */
  findings: number;
  records: number;
  sessions: number;
  commands: number;
  outputBytes: number;
  hosts: string[];
  users: string[];
  importedAt: string;
  importedBy: string;
  timeRange: TimeRange | null;
}

export interface CaseProblemView {
  severity: 'error' | 'warning' | 'note';
  code: string;
  message: string;
}

export interface CaseView {
  dir: string;
  id: string;
  name: string;
  examiner: string;
  createdAt: string;
  evidence: EvidenceView[];
  sessions: number;
  commands: number;
  outputBytes: number;
  users: string[];
  hosts: string[];
  timeRange: TimeRange | null;
  activity: { records: number; head: string | null };
  /** What the integrity check on open found (edited evidence, altered database, cut activity log). */
  problems: CaseProblemView[];
  /**
   * Opened read-only: a case that failed its integrity checks is still shown (with its problems)
   * so the reviewer can see what is wrong, but nothing can be imported or recorded into it.
   */
  readOnly?: boolean;
}

export interface VerificationFindingView {
  code: string;
  entry: string;
  line: number | null;
  offset: number | null;
  seq: number | null;
  expected: string | null;
  found: string | null;
  /** Plain words. */
  message: string;
}

export interface EvidenceDetail {
  evidence: EvidenceView;
  findings: VerificationFindingView[];
  checkpoint: { origin: string; size: number; rootHash: string } | null;
  /** What verification does not cover (plain words). */
  notCovered: string[];
  /** Problems met while importing (unparsable records, skipped sessions...). */
  importProblems: Array<{ severity: 'error' | 'warning' | 'note'; message: string }>;
}

export interface SessionRow {
  id: number;
  evidenceId: number;
  sessionKey: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  remote: string | null;
  format: string | null;
  startUs: Micros | null;
  endUs: Micros | null;
  commands: number;
  participants: number;
  outputBytes: number;
  verdict: Verdict;
  cols: number | null;
  rows: number | null;
}

export interface SessionsQuery {
  /** Substring filter over user, host, tty, session key and format. */
  filter?: string;
  sort?: { key: 'user' | 'host' | 'tty' | 'start' | 'duration' | 'commands' | 'participants' | 'format' | 'verdict'; dir: 'asc' | 'desc' };
}

export interface ParticipantView {
  kind: 'join' | 'leave';
  tsUs: Micros;
  ts: string;
  user: string | null;
  clientTty: string | null;
  client: string | null;
  remote: string | null;
  readOnly: boolean;
}

export interface CommandView {
  id: number;
  tsUs: Micros;
  ts: string;
  seq: number | null;
  text: string;
  cwd: string | null;
  exitStatus: number | null;
  user: string | null;
}

export interface SessionDetail {
  session: SessionRow;
  participants: ParticipantView[];
  /** In time order; at most `sessions.detail`'s `limit` (default 50,000). */
  commands: CommandView[];
  /** The session's commands in all (more than `commands.length` when the list was cut). */
  commandsTotal?: number;
}

export interface SearchRequest {
  query: string;
  fuzzy?: boolean;
  order?: 'time' | 'newest' | 'relevance';
  offset?: number;
  limit?: number;
  /** Zone for dates written without one in the query (`UTC`, `+01:00`, `Europe/Berlin`); default UTC. */
  timezone?: string;
}

export interface SearchHitView {
  ts: string;
  tsUs: Micros;
  session: string;
  sessionId: number;
  user: string | null;
  host: string | null;
  tty: string | null;
  kind: 'command' | 'screen';
  text: string;
  snippet: string;
  snippetHighlights: Array<[number, number]>;
  rowId: number;
  seq: number | null;
}

export interface SearchResponse {
  total: number;
  totalExact: boolean;
  hits: SearchHitView[];
  warnings: string[];
  /** Wall time the service spent, for the status bar. */
  tookMs: number;
}

export interface ImportStartRequest {
  /** Paths on the machine that runs the services (bundles, raw recordings, folders). */
  paths: string[];
}

export interface ImportItemProgress {
  importId: string;
  item: number;
  items: number;
  path: string;
  phase: 'copy' | 'verify' | 'parse' | 'index' | 'save' | 'keyframes';
  bytesDone: number;
  bytesTotal: number;
  records: number;
  sessions: number;
  /** Bytes per second of the current phase. */
  throughput: number | null;
  etaSeconds: number | null;
}

export interface ImportItemOutcome {
  path: string;
  status: 'imported' | 'duplicate' | 'failed' | 'cancelled';
  verdict: Verdict | null;
  evidenceId: number | null;
  findings: number;
  sessions: number;
  commands: number;
  problems: Array<{ severity: 'error' | 'warning' | 'note'; message: string }>;
}

export interface TrustedKeyView {
  name: string;
  keyId: string;
  vkey: string;
  comment: string | null;
}

export interface SavedCheckpointView {
  origin: string;
  size: number;
  rootHash: string;
  savedAt: string | null;
  from: string | null;
}

// ---------------------------------------------------------------------------------------------
// Replay and timeline (issue 6; services: electron/services/replay/, docs/architecture.md "Replay")
// ---------------------------------------------------------------------------------------------

/** A session opened for replay: its span on the wall clock and what skip-idle needs. */
export interface ReplaySessionView {
  sessionId: number;
  evidenceId: number;
  sessionKey: string;
  user: string | null;
  host: string | null;
  tty: string | null;
  /** Time of its first and last record. */
  startUs: Micros;
  endUs: Micros;
  /** Gaps of at least 1 s between its records, [startUs, endUs]: the idle stretches. */
  quiet: Array<[Micros, Micros]>;
  outputBytes: number;
  keyframes: number;
}

/** Output after a keyframe: a record's `text`, the bytes of a `b64` record, or a resize. */
export type ReplayChunkView = { tsUs: Micros; text: string } | { tsUs: Micros; b64: string } | { tsUs: Micros; cols: number; rows: number };

/**
 * The screen of a session at a moment: reset a terminal, resize it to the keyframe's size, write
 * `state`, carry `pending` (base64 bytes of a split UTF-8 character) into the decoder, then apply
 * `chunks` in order (electron/core/replay/utf8-stream.ts decodes; invalid bytes show as U+FFFD).
 */
export interface ReplayFrameView {
  sessionId: number;
  tsUs: Micros;
  keyframe: { tsUs: Micros; cols: number; rows: number; state: string; pending: string };
  chunks: ReplayChunkView[];
  /** Pass to replay.range to play on from this moment without re-reading. */
  resumeOffset: number;
}

export interface ReplayRangeView {
  sessionId: number;
  chunks: ReplayChunkView[];
  /** False when cut at the size limit: ask again from the last chunk's time and resumeOffset. */
  complete: boolean;
  resumeOffset: number;
}

/** Typed input for the keystroke overlay; input at a no-echo (password) prompt is hidden. */
export interface ReplayInputView {
  tsUs: Micros;
  /** Empty when hidden and not revealed. */
  text: string;
  hidden: boolean;
}

export type TimelineEventKind = 'start' | 'end' | 'join' | 'leave' | 'command' | 'flag' | 'finding';

export interface TimelineEventView {
  tsUs: Micros;
  ts: string;
  kind: TimelineEventKind;
  sessionId: number | null;
  host: string | null;
  user: string | null;
  tty: string | null;
  /** The command, who joined, the flag's explanation, the finding's title... */
  text: string;
  /** Commands: exit status; joins/leaves: client, its tty, read-only; flags: rule and severity. */
  exitStatus?: number | null;
  client?: string | null;
  clientTty?: string | null;
  readOnly?: boolean;
  severity?: string;
  ruleId?: string;
  findingId?: number;
  /** Flags and findings over a range: its end. */
  endUs?: Micros | null;
}

export interface TimelineRequest {
  /** The sessions open in the replay view; omitted: the whole case (case-wide mode). */
  sessionIds?: number[];
  /** Most commands to return (default 100,000); `truncated` says when there were more. */
  maxCommands?: number;
}

export interface TimelineResponse {
  events: TimelineEventView[];
  truncated: boolean;
}

/** The merged events table: time, host, session, user, kind, text. */
export interface EventsTableRequest {
  sessionIds?: number[];
  /** Substring filter over host, session, user, kind and text (case-insensitive). */
  filter?: string;
  kinds?: TimelineEventKind[];
  offset?: number;
  limit?: number;
}

export interface EventsTableRow {
  tsUs: Micros;
  ts: string;
  host: string | null;
  sessionId: number | null;
  session: string | null;
  user: string | null;
  kind: TimelineEventKind;
  text: string;
}

export interface EventsTableResponse {
  total: number;
  rows: EventsTableRow[];
}

// ---------------------------------------------------------------------------------------------
// Findings and the report (issue 7; services: electron/services/findings/, electron/services/report/,
// docs/report.md)
// ---------------------------------------------------------------------------------------------

export type FindingSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type FindingStatus = 'open' | 'confirmed' | 'false-positive' | 'closed';

/** An anchor as stored: `records` are the seqs of the session's records in the range. */
export type FindingAnchorView =
  | {
      kind: 'session';
      sessionId: number;
      sessionKey: string;
      evidenceId: number;
      evidenceSha256: string;
      from: string;
      to: string;
      fromUs: Micros;
      toUs: Micros;
      records: { first: number; last: number; count: number } | null;
    }
  | { kind: 'query'; query: string }
  | { kind: 'timeline'; from: string; to: string; fromUs: Micros; toUs: Micros; sessionIds: number[] };

/** An anchor as the UI makes it: from the replay (mark in/out), a search hit, a timeline brush. */
export type FindingAnchorInput =
  | { kind: 'session'; sessionId: number; fromUs: Micros; toUs: Micros }
  | { kind: 'query'; query: string }
  | { kind: 'timeline'; fromUs: Micros; toUs: Micros; sessionIds?: number[] };

export interface FindingView {
  id: number;
  title: string;
  severity: FindingSeverity;
  status: FindingStatus;
  tags: string[];
  /** Markdown. */
  notes: string;
  anchors: FindingAnchorView[];
  /** 1-based order in the list and the report. */
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface FindingInput {
  title: string;
  severity: FindingSeverity;
  status?: FindingStatus;
  tags?: string[];
  notes?: string;
  anchors: FindingAnchorInput[];
}

export interface FindingPatchInput {
  title?: string;
  severity?: FindingSeverity;
  status?: FindingStatus;
  tags?: string[];
  notes?: string;
  /** Replaces every anchor when given. */
  anchors?: FindingAnchorInput[];
}

export interface ReportExportRequest {
  /** Absolute path of the PDF on the machine running the services. */
  out: string;
  /** Finding ids (default: all, in list order). */
  findings?: number[];
  timezone?: string;
  redact?: boolean;
  /** Replace `out` when it exists (default: refuse). */
  overwrite?: boolean;
}

export interface ReportProgressView {
  exportId: string;
  phase: 'evidence' | 'findings' | 'pages' | 'write';
  done: number;
  total: number;
  label: string;
}

export interface ReportDoneView {
  exportId: string;
  /** Set when the report was written. */
  result: { file: string; pages: number; bytes: number; sha256: string; proofs: number; unproven: number; redactedItems: number; notes: string[] } | null;
  /** Set when it was not. */
  error: ApiErrorBody | null;
}

// ---------------------------------------------------------------------------------------------
// Flags (issue 8, docs/rules.md): what the analyzers found worth a look
// ---------------------------------------------------------------------------------------------

export type FlagSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface FlagView {
  id: number;
  /** Rule id: a command rule's id, or `odd-hours`, `unknown-network`, `spike`, `shared-session.*`. */
  rule: string;
  title: string;
  /** commands, odd-hours, networks, spikes, shared-sessions. */
  analyzer: string;
  severity: FlagSeverity;
  /** Anchor: the session (replay it at `tsUs`), the span and the records concerned. */
  sessionId: number | null;
  session: string | null;
  evidenceId: number | null;
  ts: string;
  tsUs: Micros;
  endUs: Micros | null;
  seqs: number[];
  user: string | null;
  host: string | null;
  /** What matched and why it is unusual, in plain words. */
  explanation: string;
}

export interface FlagsQuery {
  /** Rule ids; `prefix*` by prefix. */
  rules?: string[];
  severities?: FlagSeverity[];
  /** At or above. */
  minSeverity?: FlagSeverity;
  users?: string[];
  hosts?: string[];
  analyzers?: string[];
  sessionId?: number;
  /** Default 500, at most 5000. */
  limit?: number;
  offset?: number;
}

export interface FlagsListResponse {
  /** Flags matching the query (all pages). */
  total: number;
  /** Most severe first, then by time. */
  flags: FlagView[];
  /** Every rule, user and host that has flags in the case (for the filter menus). */
  facets: { rules: Array<{ rule: string; title: string; count: number }>; users: string[]; hosts: string[] };
}

export interface AnalyzeRunRequest {
  /** Analyzers to run (default: all); only their flags are replaced. */
  only?: string[];
  /** Path of a rules file on the machine running the services; remembered by the case. */
  rulesFile?: string;
  /** Sigma rule files or folders (paths on the services' machine); remembered by the case. */
  sigma?: string[];
  /** Forget remembered rules: the starter set. */
  defaultRules?: boolean;
}

export interface AnalyzeRunResponse {
  analyzers: string[];
  total: number;
  counts: Record<string, number>;
  rulesSource: string;
  rules: number;
  sigmaRules: number;
  /** Rules not loaded, each with the construct and a message naming file, id and title. */
  skipped: Array<{ file: string; id: string | null; title: string | null; construct: string; message: string }>;
  /** Per rule id: matches beyond the 10,000 flags kept per rule and run, not flagged. */
  omitted: Record<string, number>;
  commands: number;
  elapsedMs: number;
}

// ---------------------------------------------------------------------------------------------
// Calls: name → request and response. Names are `area.verb`.
// ---------------------------------------------------------------------------------------------

export interface ApiCalls {
  'app.info': { req: Record<string, never>; res: AppInfo };

  'case.current': { req: Record<string, never>; res: CaseView | null };
  'case.open': { req: { dir: string }; res: CaseView };
  'case.create': { req: { dir: string; name?: string; examiner?: string }; res: CaseView };
  'case.close': { req: Record<string, never>; res: null };
  'case.recent': { req: Record<string, never>; res: RecentCase[] };
  /** Native folder/file pickers (Electron only; web mode answers null). */
  'dialog.pickCase': { req: { create: boolean }; res: string | null };
  'dialog.pickEvidence': { req: Record<string, never>; res: string[] | null };

  'evidence.detail': { req: { evidenceId: number }; res: EvidenceDetail };

  'sessions.list': { req: SessionsQuery; res: SessionRow[] };
  'sessions.detail': { req: { sessionId: number; limit?: number }; res: SessionDetail };

  'search.run': { req: SearchRequest; res: SearchResponse };

  /** Starts an import; progress and outcome arrive as `import.progress` / `import.done` events. */
  'import.start': { req: ImportStartRequest; res: { importId: string } };
  'import.cancel': { req: { importId: string }; res: null };

  'trust.list': { req: Record<string, never>; res: { keys: TrustedKeyView[]; checkpoints: SavedCheckpointView[] } };
  'trust.addKey': { req: { vkey: string; comment?: string }; res: TrustedKeyView };
  'trust.removeKey': { req: { name: string; keyId?: string }; res: null };

  /** Opens sessions for replay (their keyframes are loaded, or built when missing). */
  'replay.open': { req: { sessionIds: number[] }; res: { sessions: ReplaySessionView[] } };
  /** The screen at a moment: nearest keyframe at or before it, plus the records up to it. */
  'replay.frame': { req: { sessionId: number; tsUs: Micros }; res: ReplayFrameView };
  /** Output after `fromUs` up to `toUs`, for playing (from `resumeOffset` when given). */
  'replay.range': { req: { sessionId: number; fromUs: Micros; toUs: Micros; resumeOffset?: number }; res: ReplayRangeView };
  /** Typed input between two moments (keystroke overlay); hidden input is withheld unless `reveal`. */
  'replay.input': { req: { sessionId: number; fromUs: Micros; toUs: Micros; reveal?: boolean }; res: { events: ReplayInputView[] } };
  'timeline.events': { req: TimelineRequest; res: TimelineResponse };
  'events.table': { req: EventsTableRequest; res: EventsTableResponse };

  'findings.list': { req: Record<string, never>; res: FindingView[] };
  'findings.add': { req: FindingInput; res: FindingView };
  'findings.update': { req: { id: number; patch: FindingPatchInput }; res: FindingView };
  /** Deletes a finding; the activity log keeps what it was. */
  'findings.remove': { req: { id: number }; res: null };
  /** `ids`: every finding of the case, once, in the new order. */
  'findings.reorder': { req: { ids: number[] }; res: FindingView[] };
  /** Writes the PDF report; progress and the outcome arrive as `report.progress` / `report.done`. */
  'report.export': { req: ReportExportRequest; res: { exportId: string } };

  /** Flags of the open case, filtered (rule, severity, user, host, analyzer, session). */
  'flags.list': { req: FlagsQuery; res: FlagsListResponse };
  /** Runs the analyzers now (they also run after every import); then `case.changed`. */
  'analyze.run': { req: AnalyzeRunRequest; res: AnalyzeRunResponse };
}

export type ApiCall = keyof ApiCalls;
export type ApiRequest<C extends ApiCall> = ApiCalls[C]['req'];
export type ApiResponse<C extends ApiCall> = ApiCalls[C]['res'];

/** Every call name, for the carriers to refuse anything else. Kept in step with `ApiCalls` by tsc. */
export const API_CALLS = [
  'app.info',
  'case.current',
  'case.open',
  'case.create',
  'case.close',
  'case.recent',
  'dialog.pickCase',
  'dialog.pickEvidence',
  'evidence.detail',
  'sessions.list',
  'sessions.detail',
  'search.run',
  'import.start',
  'import.cancel',
  'trust.list',
  'trust.addKey',
  'trust.removeKey',
  'replay.open',
  'replay.frame',
  'replay.range',
  'replay.input',
  'timeline.events',
  'events.table',
  'findings.list',
  'findings.add',
  'findings.update',
  'findings.remove',
  'findings.reorder',
  'report.export',
  'flags.list',
  'analyze.run',
] as const satisfies readonly ApiCall[];

// tsc fails here if a call is missing from API_CALLS.
type MissingFromList = Exclude<ApiCall, (typeof API_CALLS)[number]>;
export const API_CALLS_COMPLETE: MissingFromList extends never ? true : never = true;

export function isApiCall(name: unknown): name is ApiCall {
  return typeof name === 'string' && (API_CALLS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Events: pushed from the services to the UI.
// ---------------------------------------------------------------------------------------------

export interface ApiEvents {
  'import.progress': ImportItemProgress;
  'import.item': { importId: string; item: number; outcome: ImportItemOutcome };
  'import.done': { importId: string; outcomes: ImportItemOutcome[]; cancelled: boolean };
  /** The open case changed (opened, closed, evidence imported, keys changed). */
  'case.changed': { dir: string | null };
  /**
   * Electron menu / drag and drop on the window: paths dropped or chosen from the menu.
   * `command` is one of APP_COMMANDS (below); the UI performs it with the ordinary calls, so its
   * errors show where every other error shows.
   */
  'app.command': { command: string; paths?: string[] };
  'report.progress': ReportProgressView;
  'report.done': ReportDoneView;
}

export type ApiEvent = keyof ApiEvents;

/**
 * The `app.command` commands the Electron shell sends (menus, drag and drop):
 * - `case.new` / `case.open`: paths[0] is the folder the examiner picked in the native dialog;
 * - `case.recent`: paths[0] is a recent case chosen from File ▸ Open recent;
 * - `import`: paths are the evidence picked with File ▸ Import evidence…;
 * - `drop`: paths dropped on the window (a case folder, bundles, recordings, folders): the UI decides;
 * - `theme.light` / `theme.dark` / `theme.system`: View ▸ Theme;
 * - `palette`: open the command palette.
 */
export const APP_COMMANDS = ['case.new', 'case.open', 'case.recent', 'import', 'drop', 'theme.light', 'theme.dark', 'theme.system', 'palette'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

// ---------------------------------------------------------------------------------------------
// Errors: every failed call answers with this shape (never a stack trace).
// ---------------------------------------------------------------------------------------------

export interface ApiErrorBody {
  /** Stable code, e.g. `CASE_NOT_OPEN`, `CASE_LOCKED`, `BAD_REQUEST`, `NOT_FOUND`, `SEARCH_SYNTAX`. */
  code: string;
  /** Plain words, naming the file/record/field concerned. */
  message: string;
}

/** What the renderer sees: `window.trailview` in Electron, the web bridge client in a browser. */
export interface TrailviewApi {
  call<C extends ApiCall>(call: C, request: ApiRequest<C>): Promise<ApiResponse<C>>;
  /** Returns a function that removes the listener. */
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
