// Keyframes of one evidence item (docs/architecture.md, "Replay"): per session, the terminal state
// at points of its output stream, so a seek restores the nearest one and feeds only what follows.
// Stored as CASE/keyframes/<evidence sha256>.json: derived data (rebuilt from the evidence when
// missing or stale), never evidence itself.

/**
 * Output of one session between two keyframes. Chosen from PERF-NOTES §5 (seek p95 17 ms at
 * 256 KiB against 8 ms at 64 KiB, storage 1.6 % against 6.4 % of the output) and this project's
 * `npm run bench` suite `replay` (seek p95 well under the 50 ms target at this spacing).
 */
export const KEYFRAME_OUTPUT_BYTES = 256 * 1024;
/**
 * Bytes of records.jsonl after which a session that has shown anything gets a keyframe even below
 * KEYFRAME_OUTPUT_BYTES: when sessions interleave, a seek reads the log from the keyframe on, and
 * this bounds how much of other sessions' records it skips.
 */
export const KEYFRAME_FILE_BYTES = 4 * 1024 * 1024;
/** Gaps between a session's records at least this long are listed for skip-idle. */
export const QUIET_MIN_US = 1_000_000;

export const KEYFRAMES_FORMAT = 'trailview-keyframes';
export const KEYFRAMES_VERSION = 1;

export interface Keyframe {
  /** Latest ts among the session's records before `offset` (µs): usable for any moment ≥ this. */
  tsUs: number;
  /** Where reading resumes in records.jsonl (the record after the keyframe). */
  offset: number;
  /** Output bytes of the session before the keyframe. */
  outBytes: number;
  cols: number;
  rows: number;
  /** Base64 of the bytes of a UTF-8 character split across the keyframe ('' when none). */
  pending: string;
  /** Serialized terminal (SerializeAddon + terminal-state.ts suffix); '' for the empty start state. */
  state: string;
  /** When set, the state is that of keyframe `ref` (nothing was shown since: no copy stored). */
  ref?: number;
}

export interface SessionKeyframes {
  /** The session id in the records. */
  session: string;
  /** Offset of the session's first record, and just past its last one. */
  firstOffset: number;
  endOffset: number;
  startUs: number;
  endUs: number;
  outBytes: number;
  keyframes: Keyframe[];
  /** Gaps of at least QUIET_MIN_US between consecutive records, [startUs, endUs]. */
  quiet: Array<[number, number]>;
}

export interface KeyframeIndex {
  format: typeof KEYFRAMES_FORMAT;
  version: typeof KEYFRAMES_VERSION;
  evidenceSha256: string;
  /** Size of the records.jsonl it was built from (a different size: stale, rebuilt). */
  recordsBytes: number;
  spacing: { outputBytes: number; fileBytes: number };
  sessions: SessionKeyframes[];
}
