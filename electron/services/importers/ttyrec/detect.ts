// ttyrec has no magic number: a file is recognised by walking its record chain in the head —
// plausible times (1980–2300, no jumps over a year), usec < 1e6, lengths that fit — ideally ending
// exactly at EOF. A chain of several good records that then breaks (a cut or damaged file) is
// still ttyrec, with less confidence: its importer reports where it breaks.
import { decodeHeader, HEADER_SIZE } from './header.js';

const MIN_SEC = 315_532_800; // 1980-01-01
const MAX_SEC = 10_413_792_000; // 2300-01-01
const MAX_LEN = 64 << 20;
const MAX_JUMP = 366 * 24 * 3600;
const ENOUGH = 64;

export function sniffTtyrec(head: Buffer, size: number): number {
  let at = 0;
  let records = 0;
  let prevSec = -1;
  let broken = false;
  while (at + HEADER_SIZE <= head.length && records < ENOUGH) {
    const header = decodeHeader(head, at);
    if (
      typeof header === 'string' ||
      header.sec < MIN_SEC ||
      header.sec > MAX_SEC ||
      header.len > MAX_LEN ||
      (prevSec !== -1 && Math.abs(header.sec - prevSec) > MAX_JUMP)
    ) {
      broken = true;
      break;
    }
    prevSec = header.sec;
    records++;
    at += HEADER_SIZE + header.len;
  }
  if (records === 0) return 0;
  if (!broken && at === size) return records >= 3 ? 0.85 : 0.6; // the whole file is a clean chain
  if (!broken && records >= ENOUGH) return 0.75;
  if (!broken && at > head.length) return records >= 5 ? 0.7 : records >= 2 ? 0.4 : 0; // goes on past the head
  if (!broken && at < size && size - at < HEADER_SIZE && records >= 2) return 0.5; // cut inside a header
  if (at > size) return records >= 3 ? 0.5 : 0; // the last record is cut short
  return broken && records >= 3 ? 0.45 : 0;
}
