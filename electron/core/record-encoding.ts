// Turning events into record lines (docs/bundle-format.md §3.2). A record is hashed as the exact
// bytes of its line, so the encoding is fixed here once: `prev`, `seq`, `ts`, `type`, `session`
// first, then the event's other fields in the producer's order, compact JSON, no trailing spaces.
import { isUtf8 } from 'node:buffer';
import type { TrailEvent } from './records.js';

const HEADER_KEYS = new Set(['prev', 'seq', 'ts', 'type', 'session']);

export function encodeRecord(prev: string, seq: number, event: TrailEvent): string {
  const record: Record<string, unknown> = { prev, seq, ts: event.ts, type: event.type, session: event.session };
  for (const [key, value] of Object.entries(event)) {
    if (!HEADER_KEYS.has(key)) record[key] = value;
  }
  return JSON.stringify(record);
}

/** Terminal bytes as record fields: `text` when they are valid UTF-8, otherwise `b64` (lossless). */
export function encodeStreamBytes(bytes: Uint8Array): { text: string } | { b64: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // isUtf8 rejects overlong forms and surrogates, so `text` always round-trips to the same bytes.
  if (isUtf8(buffer)) return { text: buffer.toString('utf8') };
  return { b64: buffer.toString('base64') };
}

/** The original bytes of an out/in record. */
export function decodeStreamBytes(fields: { text?: string; b64?: string }): Buffer {
  if (typeof fields.text === 'string') return Buffer.from(fields.text, 'utf8');
  if (typeof fields.b64 === 'string') return Buffer.from(fields.b64, 'base64');
  return Buffer.alloc(0);
}
