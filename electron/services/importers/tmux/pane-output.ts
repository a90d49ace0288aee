// A pipe-pane log as `out` events. The log holds raw bytes and NO timing, so every piece carries
// the same time (the moment the pipe was opened, from the join log) and session.start lists
// `output-timing` as missing. Pieces end at a newline where one is near, else on a UTF-8
// character boundary, so each piece is `text` whenever the output is UTF-8 (docs/bundle-format §3.3).
import type { TrailEvent } from '../../../core/records.js';
import { streamEvent } from '../common/events.js';
import { fileChunks } from '../common/file-source.js';

export const PANE_PIECE_BYTES = 64 * 1024;

export async function* paneOutputEvents(path: string, session: string, micros: number): AsyncGenerator<TrailEvent> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fileChunks(path)) {
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    while (data.length >= PANE_PIECE_BYTES) {
      const cut = cutPoint(data, PANE_PIECE_BYTES);
      yield streamEvent('out', session, micros, data.subarray(0, cut));
      data = data.subarray(cut);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield streamEvent('out', session, micros, carry);
}

/** Where to end a piece of at most `max` bytes: after the last newline, else before a UTF-8 lead byte. */
export function cutPoint(data: Uint8Array, max: number): number {
  const limit = Math.min(max, data.length);
  const nl = data.lastIndexOf(0x0a, limit - 1);
  if (nl >= limit / 2) return nl + 1;
  let cut = limit;
  // Step back over at most 3 continuation bytes (10xxxxxx) so a character is not split.
  for (let back = 0; back < 3 && cut > 1 && ((data[cut] ?? 0) & 0xc0) === 0x80; back++) cut--;
  return cut;
}
