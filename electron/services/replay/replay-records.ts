// What replay takes from a record: output bytes, resizes and typed input of one session.
import type { TimestampClock } from '../../core/timestamp.js';

/** Stream data: the record's `text` as it is, or the bytes of its `b64`. */
export type StreamData = string | Uint8Array;

export type ReplayRecord =
  | { kind: 'out'; tsUs: number; data: StreamData }
  | { kind: 'resize'; tsUs: number; cols: number; rows: number }
  | { kind: 'in'; tsUs: number; data: StreamData };

/** The record as replay sees it; null for records replay does not show (commands, joins, ...). */
export function toReplayRecord(record: Record<string, unknown>, tsUs: number): ReplayRecord | null {
  switch (record.type) {
    case 'out':
    case 'in': {
      const data = streamData(record);
      if (data === null) return null;
      return { kind: record.type, tsUs, data };
    }
    // A session starts at the size its start record gives (when it gives one).
    case 'session.start':
    case 'resize': {
      const { cols, rows } = record;
      if (!isSize(cols) || !isSize(rows)) return null;
      return { kind: 'resize', tsUs, cols, rows };
    }
    default:
      return null;
  }
}

function isSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 2000;
}

/** `text` is valid UTF-8 by the format; `b64` carries anything else, decoded losslessly. */
function streamData(record: Record<string, unknown>): StreamData | null {
  if (typeof record.text === 'string') return record.text;
  if (typeof record.b64 === 'string') return Buffer.from(record.b64, 'base64');
  return null;
}

/** Number of bytes the data stands for. */
export function dataLength(data: StreamData): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
}

/** Microseconds of a record's ts, or null when it has none or it is not canonical. */
export function recordMicros(clock: TimestampClock, record: Record<string, unknown>): number | null {
  if (typeof record.ts !== 'string') return null;
  return clock.micros(record.ts) ?? null;
}
