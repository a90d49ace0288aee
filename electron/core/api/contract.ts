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
  commands: CommandView[];
}

export interface SearchRequest {
  query: string;
  fuzzy?: boolean;
  order?: 'time' | 'newest' | 'relevance';
  offset?: number;
  limit?: number;
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
  phase: 'copy' | 'verify' | 'parse' | 'index' | 'save';
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
  'sessions.detail': { req: { sessionId: number }; res: SessionDetail };

  'search.run': { req: SearchRequest; res: SearchResponse };

  /** Starts an import; progress and outcome arrive as `import.progress` / `import.done` events. */
  'import.start': { req: ImportStartRequest; res: { importId: string } };
  'import.cancel': { req: { importId: string }; res: null };

  'trust.list': { req: Record<string, never>; res: { keys: TrustedKeyView[]; checkpoints: SavedCheckpointView[] } };
  'trust.addKey': { req: { vkey: string; comment?: string }; res: TrustedKeyView };
  'trust.removeKey': { req: { name: string; keyId?: string }; res: null };
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
  /** Electron menu / drag and drop on the window: paths dropped or chosen from the menu. */
  'app.command': { command: string; paths?: string[] };
}

export type ApiEvent = keyof ApiEvents;

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
