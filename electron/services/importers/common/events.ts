// Building Trail events (docs/bundle-format.md §3.3) from what the importers read. Times are
// integer microseconds since the epoch until the last moment (formatTimestamp).
import { encodeStreamBytes } from '../../../core/record-encoding.js';
import type { EventOf, SessionStartFields, TrailEvent } from '../../../core/records.js';
import { formatTimestamp } from '../../../core/timestamp.js';

/**
 * One source chunk becomes one `out`/`in` event. A chunk larger than this (only damaged or
 * hostile files claim such writes: a pty read is at most a few KiB) is split into several events
 * at the same time, so memory stays bounded; the bytes and their order are unchanged.
 */
export const MAX_EVENT_BYTES = 8 << 20;

/**
 * formatTimestamp (core/timestamp.ts) for event after event: the date-and-second part is formatted
 * once per second of recording and reused, which halves the cost of building a small event.
 */
let cachedSecond = Number.NaN;
let cachedPrefix = '';
export function eventTimestamp(micros: number): string {
  const second = Math.floor(micros / 1_000_000);
  if (second !== cachedSecond || !Number.isSafeInteger(micros)) {
    const full = formatTimestamp(micros);
    cachedSecond = second;
    cachedPrefix = full.slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    return full;
  }
  return `${cachedPrefix}${String(micros - second * 1_000_000).padStart(6, '0')}Z`;
}

/** An event together with its time in integer microseconds, as importers pass them around. */
export interface Timed {
  micros: number;
  event: TrailEvent;
}

export function streamEvent(
  type: 'out' | 'in',
  session: string,
  micros: number,
  bytes: Uint8Array,
  stream?: string,
): TrailEvent {
  const event: EventOf<'out'> | EventOf<'in'> = {
    ts: eventTimestamp(micros),
    type,
    session,
    ...encodeStreamBytes(bytes),
  } as EventOf<'out'> | EventOf<'in'>;
  if (stream !== undefined) event.stream = stream;
  return event;
}

/** session.start facts, plus format-specific extra fields (readers ignore fields they do not know, §3.1). */
export type SessionFacts = SessionStartFields & Record<string, unknown>;

export function sessionStartEvent(session: string, micros: number, fields: SessionStartFields | SessionFacts): EventOf<'session.start'> {
  const event = { ts: eventTimestamp(micros), type: 'session.start', session, ...fields } as EventOf<'session.start'>;
  if (event.missing !== undefined && event.missing.length === 0) delete event.missing;
  return event;
}

export function sessionEndEvent(session: string, micros: number, exitStatus: number | null, reason?: string): EventOf<'session.end'> {
  const event: EventOf<'session.end'> = { ts: eventTimestamp(micros), type: 'session.end', session, exitStatus };
  if (reason !== undefined) event.reason = reason;
  return event;
}

export function resizeEvent(session: string, micros: number, cols: number, rows: number): EventOf<'resize'> {
  return { ts: eventTimestamp(micros), type: 'resize', session, cols, rows };
}

export function markerEvent(session: string, micros: number, label: string, note?: string): EventOf<'marker'> {
  const event: EventOf<'marker'> = { ts: eventTimestamp(micros), type: 'marker', session, label };
  if (note !== undefined) event.note = note;
  return event;
}

export function commandEvent(
  session: string,
  micros: number,
  fields: { text: string; source: 'sudo' | 'recorder'; cwd?: string; user?: string },
): EventOf<'cmd'> {
  const event: EventOf<'cmd'> = {
    ts: eventTimestamp(micros),
    type: 'cmd',
    session,
    text: fields.text,
    source: fields.source,
    confidence: 1,
  };
  if (fields.cwd !== undefined) event.cwd = fields.cwd;
  if (fields.user !== undefined) event.user = fields.user;
  return event;
}

/** Splits a chunk into pieces of at most MAX_EVENT_BYTES (normally the chunk itself). */
export function* eventPieces(bytes: Buffer): Generator<Buffer> {
  if (bytes.length <= MAX_EVENT_BYTES) {
    yield bytes;
    return;
  }
  for (let i = 0; i < bytes.length; i += MAX_EVENT_BYTES) yield bytes.subarray(i, i + MAX_EVENT_BYTES);
}
