// ttyrec record headers: three little-endian uint32 — tv_sec, tv_usec, len — then len bytes.
// ovh-ttyrec (PR #38, 2025) keeps the format usable after 2106 by storing bits 32–43 of tv_sec in
// the top 12 bits of the usec field (usec itself never exceeds 999999 = 0xF423F, 20 bits):
//   usecField = sssUUUUU (hex)  →  sec = 0xsss << 32 | tv_sec,  usec = 0x000UUUUU
// Files written before 2106 are unchanged by this, so one decoder reads both.

export const HEADER_SIZE = 12;

export interface TtyrecHeader {
  sec: number;
  usec: number;
  len: number;
}

/** Decodes a header; returns a message when the usec part is out of range. */
export function decodeHeader(bytes: Buffer, at = 0): TtyrecHeader | string {
  const sec32 = bytes.readUInt32LE(at);
  const usecField = bytes.readUInt32LE(at + 4);
  const len = bytes.readUInt32LE(at + 8);
  const high = usecField >>> 20;
  const usec = usecField & 0xfffff;
  if (usec > 999_999) return `microseconds field ${usec} is above 999999`;
  return { sec: high * 2 ** 32 + sec32, usec, len };
}

export function headerMicros(header: TtyrecHeader): number {
  return header.sec * 1_000_000 + header.usec;
}
