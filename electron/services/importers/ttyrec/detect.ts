// ttyrec has no magic number: a file is recognised by walking its record chain in the head —
// plausible times (1980–2300), usec < 1e6, lengths that fit — ideally ending exactly at EOF.
import { decodeHeader, HEADER_SIZE } from './header.js';

const MIN_SEC = 315_532_800; // 1980-01-01
const MAX_SEC = 10_413_792_000; // 2300-01-01
const MAX_LEN = 64 << 20;
const MAX_JUMP = 366 * 24 * 3600;

export function sniffTtyrec(head: Buffer, size: number): number {
  let at = 0;
  let records = 0;
  let prevSec = -1;
  while (at + HEADER_SIZE <= head.length) {
    const header = decodeHeader(head, at);
    if (typeof header === 'string') return 0;
    if (header.sec < MIN_SEC || header.sec > MAX_SEC || header.len > MAX_LEN) return 0;
    if (prevSec !== -1 && Math.abs(header.sec - prevSec) > MAX_JUMP) return 0;
    if (at + HEADER_SIZE + header.len > size) return 0;
    prevSec = header.sec;
    records++;
    at += HEADER_SIZE + header.len;
    if (records >= 64) break;
  }
  if (records === 0) return 0;
  if (at === size) return records >= 3 ? 0.85 : 0.6; // the whole file is a clean chain
  if (at > head.length) return records >= 5 ? 0.7 : 0.4; // the chain goes on past the head
  if (records >= 64) return 0.75;
  return at + HEADER_SIZE > head.length && size > head.length ? 0.6 : 0;
}
