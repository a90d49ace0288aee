// The Trail record model (docs/bundle-format.md §3). Every line of records.jsonl is one record.
// This file is the single source of truth for record types and their fields; importers, the
// demo generator, seal and the verifier all build on it.

/** Fields every record carries. `prev` and `seq` are assigned by the sealer, never by producers. */
export interface RecordHeader {
  /** Leaf hash (hex) of the previous record; 64 zeros for the first record of the log. */
  prev: string;
  /** 1-based, contiguous position in the log. */
  seq: number;
  /** UTC, microsecond precision: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (27 characters). */
  ts: string;
  type: RecordType;
  /** Session id, unique within the origin. Log-level records (`bundle.start`) use "". */
  session: string;
}

export const RECORD_TYPES = [
  'bundle.start',
  'session.start',
  'session.end',
  'join',
  'leave',
  'out',
  'in',
  'resize',
  'cmd',
  'marker',
  'attachment',
  'activity',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

/** Who or what produced a session: the recording tool and the input format it was read from. */
export interface RecorderInfo {
  /** Tool name, e.g. `tlog-rec`, `sudo`, `asciinema`, `script`, `ttyrec`, `tmux`, `trailview-demo`. */
  name: string;
  version?: string;
  /** Input format id, e.g. `asciicast-v2`, `tlog-json`, `sudo-iolog`, `script-classic`. */
  format: string;
}

/** Written once per sealing, first among the records that seal adds; repeats the manifest's identity. */
export interface BundleStartFields {
  bundleId: string;
  origin: string;
  producer: { name: string; version: string };
  createdAt: string;
}

export interface SessionStartFields {
  user: string | null;
  host: string | null;
  tty: string | null;
  /** TERM value, e.g. `xterm-256color`. */
  term: string | null;
  cols: number | null;
  rows: number | null;
  recorder: RecorderInfo;
  uid?: number;
  remote?: string;
  command?: string;
  cwd?: string;
  title?: string;
  /** What the source format cannot tell us (e.g. `["user","size"]` for ttyrec): said, never invented. */
  missing?: string[];
}

export interface SessionEndFields {
  /** Exit status when the source records it; null when unknown. */
  exitStatus: number | null;
  reason?: string;
}

export interface ParticipantFields {
  user: string | null;
  uid?: number;
  /** The client's own terminal, e.g. `/dev/pts/3`. */
  clientTty?: string;
  /** The client's name as the multiplexer knows it, e.g. tmux `client_name`. */
  client?: string;
  remote?: string;
  readOnly: boolean;
  pid?: number;
}

/** Terminal bytes: exactly one of `text` (valid UTF-8) or `b64` (anything else). Always lossless. */
export interface StreamFields {
  text?: string;
  b64?: string;
  /** Which stream when the source distinguishes them (sudo: `stdout`, `stderr`, `ttyout`, ...). */
  stream?: string;
}

export interface ResizeFields {
  cols: number;
  rows: number;
}

export const COMMAND_SOURCES = ['keystrokes', 'history', 'sudo', 'recorder', 'output'] as const;
export type CommandSource = (typeof COMMAND_SOURCES)[number];

export interface CommandFields {
  text: string;
  cwd?: string;
  exitStatus?: number | null;
  source: CommandSource;
  /** 0..1: how sure the extraction is (1 = the source states the command explicitly). */
  confidence: number;
  user?: string;
}

export interface MarkerFields {
  label: string;
  note?: string;
}

export interface AttachmentFields {
  /** SHA-256 (hex) of the attachment's bytes; the entry is `attachments/<sha256>`. */
  sha256: string;
  size: number;
  /** Original file name (or relative path) of the recording. */
  name: string;
  mediaType?: string;
  /** What the attachment is, e.g. `source-recording`. */
  role?: string;
}

/** A reviewer's action in a case's activity log (same chain format as bundles). */
export interface ActivityFields {
  /** What was done, e.g. `case.created`, `evidence.imported`, `search.run`, `finding.added`. */
  action: string;
  /** Who did it (the OS user running Trailview). */
  actor: string;
  details?: Record<string, unknown>;
}

interface FieldsByType {
  'bundle.start': BundleStartFields;
  'session.start': SessionStartFields;
  'session.end': SessionEndFields;
  join: ParticipantFields;
  leave: ParticipantFields & { reason?: string };
  out: StreamFields;
  in: StreamFields;
  resize: ResizeFields;
  cmd: CommandFields;
  marker: MarkerFields;
  attachment: AttachmentFields;
  activity: ActivityFields;
}

/** An event as producers (importers, the demo, seal input) write it: a record without prev and seq. */
export type TrailEvent = {
  [T in RecordType]: { ts: string; type: T; session: string } & FieldsByType[T] & Record<string, unknown>;
}[RecordType];

export type EventOf<T extends RecordType> = Extract<TrailEvent, { type: T }>;

/** A sealed record: an event plus its chain position. */
export type TrailRecord = TrailEvent & Pick<RecordHeader, 'prev' | 'seq'>;

export const GENESIS_PREV = '0'.repeat(64);
