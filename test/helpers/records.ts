// Builds small sealed logs in memory for unit tests of the chain logic.
import { toHex } from '../../electron/core/hex.js';
import { encodeRecord } from '../../electron/core/record-encoding.js';
import { GENESIS_PREV, type TrailEvent } from '../../electron/core/records.js';
import { leafHash } from '../../electron/core/sha256.js';

export function markerEvents(count: number): TrailEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    ts: `2024-11-21T04:00:${String(i % 60).padStart(2, '0')}.000000Z`,
    type: 'marker' as const,
    session: 's-1',
    label: `event ${i + 1}`,
  }));
}

/** Seals events into record lines (without newlines), exactly as `seal` encodes them. */
export function sealLines(events: readonly TrailEvent[]): string[] {
  let prev = GENESIS_PREV;
  return events.map((event, i) => {
    const line = encodeRecord(prev, i + 1, event);
    prev = toHex(leafHash(Buffer.from(line, 'utf8')));
    return line;
  });
}

export function joinLines(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
}
