// Seeking and playing one session: the nearest keyframe at or before a moment plus the session's
// records after it, read from the evidence. The result is plain data (base64 bytes, sizes) that a
// terminal anywhere — headless in Node, xterm.js in a pane — applies the same way (applyFrame).
import { TimestampClock } from '../../core/timestamp.js';
import { isSecretPrompt } from '../importers/commands/prompt.js';
import { keyframeFor } from './build-keyframes.js';
import type { SessionKeyframes } from './keyframe-types.js';
import { readRecordLines } from './record-lines.js';
import { dataLength, recordMicros, toReplayRecord, type ReplayRecord } from './replay-records.js';
import type { ReplayTerminal } from './replay-terminal.js';
import { SessionFeed } from './session-feed.js';

/** A piece of the stream after a keyframe: output (a record's text, or its bytes in base64) or a resize. */
export type ReplayChunk = { tsUs: number; text: string } | { tsUs: number; b64: string } | { tsUs: number; cols: number; rows: number };

export interface ReplayFrame {
  /** The moment asked for. */
  tsUs: number;
  keyframe: { tsUs: number; cols: number; rows: number; state: string; pending: string };
  /** Records after the keyframe up to the moment, in order. */
  chunks: ReplayChunk[];
  /** Where the next record of the session lies: pass it to rangeBetween when playing on. */
  resumeOffset: number;
}

/** Where a session's records are, for the readers below. */
export interface SessionLocation {
  bundlePath: string;
  keyframes: SessionKeyframes;
}

/** A record of the session with where it lies in records.jsonl. */
interface Located {
  r: ReplayRecord;
  offset: number;
}

/**
 * The session's records from `fromOffset` on, in file order, up to the first one later than
 * `untilUs` (excluded, as are all after it: the state at a moment is every record up to there).
 * `stop.offset` is then where to resume: that record, or the session's end.
 */
async function* sessionRecords(loc: SessionLocation, fromOffset: number, untilUs: number, stop: { offset: number }): AsyncGenerator<Located> {
  const clock = new TimestampClock();
  const key = loc.keyframes.session;
  stop.offset = loc.keyframes.endOffset;
  for await (const line of readRecordLines(loc.bundlePath, { start: fromOffset, end: loc.keyframes.endOffset, session: key, chunkSize: 256 * 1024 })) {
    if (line.record.session !== key) continue;
    const tsUs = recordMicros(clock, line.record);
    if (tsUs === null) continue;
    if (tsUs > untilUs) {
      stop.offset = line.offset;
      return;
    }
    const r = toReplayRecord(line.record, tsUs);
    if (r !== null) yield { r, offset: line.offset };
  }
}

function toChunk(r: ReplayRecord): ReplayChunk | null {
  if (r.kind === 'out') return typeof r.data === 'string' ? { tsUs: r.tsUs, text: r.data } : { tsUs: r.tsUs, b64: Buffer.from(r.data).toString('base64') };
  if (r.kind === 'resize') return { tsUs: r.tsUs, cols: r.cols, rows: r.rows };
  return null;
}

/** The frame at a moment: keyframe + remainder. */
export async function frameAt(loc: SessionLocation, wallUs: number): Promise<ReplayFrame> {
  const { keyframe, state } = keyframeFor(loc.keyframes, wallUs);
  const chunks: ReplayChunk[] = [];
  const stop = { offset: 0 };
  for await (const { r } of sessionRecords(loc, keyframe.offset, wallUs, stop)) {
    const c = toChunk(r);
    if (c !== null) chunks.push(c);
  }
  return { tsUs: wallUs, keyframe: { tsUs: keyframe.tsUs, cols: keyframe.cols, rows: keyframe.rows, state, pending: keyframe.pending }, chunks, resumeOffset: stop.offset };
}

export interface ReplayRange {
  chunks: ReplayChunk[];
  /** False when cut at maxBytes: ask again from `resumeOffset` (and the last chunk's time). */
  complete: boolean;
  resumeOffset: number;
}

/**
 * What to feed to go from the moment `fromUs` to `toUs` (playing): the session's records later than
 * fromUs, up to toUs. With `resumeOffset` (from the previous frame or range) reading starts there
 * instead of at the keyframe before fromUs. Capped at about maxBytes of output.
 */
export async function rangeBetween(loc: SessionLocation, fromUs: number, toUs: number, options: { resumeOffset?: number; maxBytes?: number } = {}): Promise<ReplayRange> {
  const maxBytes = options.maxBytes ?? 4 << 20;
  const start = options.resumeOffset ?? keyframeFor(loc.keyframes, fromUs).keyframe.offset;
  const chunks: ReplayChunk[] = [];
  const stop = { offset: 0 };
  let bytes = 0;
  let lastTs = -Infinity;
  for await (const { r, offset } of sessionRecords(loc, start, toUs, stop)) {
    if (r.tsUs <= fromUs) continue;
    // Never cut between records of the same microsecond: the next call resumes after a time.
    if (bytes >= maxBytes && r.tsUs !== lastTs) return { chunks, complete: false, resumeOffset: offset };
    const c = toChunk(r);
    if (c === null) continue;
    chunks.push(c);
    lastTs = r.tsUs;
    if (r.kind === 'out') bytes += dataLength(r.data);
  }
  return { chunks, complete: true, resumeOffset: stop.offset };
}

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;

export interface InputEvent {
  tsUs: number;
  /** What was typed (decoded; U+FFFD for invalid bytes). Empty when hidden. */
  text: string;
  /** Typed at a prompt asking for a secret (no-echo): withheld unless revealed. */
  hidden: boolean;
}

/**
 * The session's typed input between two moments, for the keystroke overlay. Input after a prompt
 * that asks for a secret (`Password:`, `[sudo] password for …:`, same test as command extraction),
 * up to the Enter that answers it, is marked hidden and its text withheld unless `reveal`.
 */
export async function inputBetween(loc: SessionLocation, fromUs: number, toUs: number, reveal: boolean): Promise<InputEvent[]> {
  const { keyframe } = keyframeFor(loc.keyframes, fromUs);
  const events: InputEvent[] = [];
  const outText = new TextDecoder();
  let tail = '';
  let secret = false;
  for await (const { r } of sessionRecords(loc, keyframe.offset, toUs, { offset: 0 })) {
    if (r.kind === 'out') {
      // The current output line, escape sequences removed: what a prompt looks like on screen.
      tail = (tail + (typeof r.data === 'string' ? r.data : outText.decode(r.data, { stream: true }))).replace(ESCAPES, '');
      const nl = Math.max(tail.lastIndexOf('\n'), tail.lastIndexOf('\r'));
      tail = tail.slice(nl + 1).slice(-200);
      if (tail.length > 0) secret = isSecretPrompt(tail);
      continue;
    }
    if (r.kind !== 'in') continue;
    const text = typeof r.data === 'string' ? r.data : new TextDecoder().decode(r.data);
    const hidden = secret;
    if (/[\r\n]/.test(text)) secret = false;
    if (r.tsUs <= fromUs) continue;
    events.push({ tsUs: r.tsUs, text: hidden && !reveal ? '' : text, hidden });
  }
  return events;
}

/** Applies a frame to a headless terminal (the same steps the replay pane takes with xterm.js). */
export async function applyFrame(terminal: ReplayTerminal, frame: ReplayFrame): Promise<SessionFeed> {
  const k = frame.keyframe;
  await terminal.restore(k.state, k.cols, k.rows);
  const feed = new SessionFeed(terminal);
  feed.decoder.setPending(Buffer.from(k.pending, 'base64'));
  await applyChunks(feed, frame.chunks);
  await terminal.flush();
  return feed;
}

export async function applyChunks(feed: SessionFeed, chunks: readonly ReplayChunk[]): Promise<void> {
  for (const c of chunks) {
    if ('text' in c) await feed.apply({ kind: 'out', tsUs: c.tsUs, data: c.text });
    else if ('b64' in c) await feed.apply({ kind: 'out', tsUs: c.tsUs, data: Buffer.from(c.b64, 'base64') });
    else await feed.apply({ kind: 'resize', tsUs: c.tsUs, cols: c.cols, rows: c.rows });
  }
}
