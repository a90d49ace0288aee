// sudo's I/O log `timing` file, one entry per line (sudo_plugin / iolog(5)):
//   EVENT DELAY BYTES      EVENT 0 stdin, 1 stdout, 2 stderr, 3 ttyin, 4 ttyout (6: sudo 1.8.7's ttyout)
//   5 DELAY ROWS COLS      window size change
//   7 DELAY SIGNAME        command suspended or resumed (SIGTSTP, SIGCONT, ...)
//   DELAY BYTES            the oldest (sudo < 1.7.3) form: ttyout only
// DELAY is seconds since the previous entry, `%.9f` in current sudo (older: microseconds, and a
// locale's decimal comma in some versions).
import { parseDecimalUnits, scanDelayAndCount } from '../common/decimal.js';

export const STREAMS = ['stdin', 'stdout', 'stderr', 'ttyin', 'ttyout'] as const;
export type SudoStream = (typeof STREAMS)[number];

export type SudoTimingEntry =
  | { kind: 'io'; delayNanos: number; stream: SudoStream; bytes: number }
  | { kind: 'winsize'; delayNanos: number; rows: number; cols: number }
  | { kind: 'suspend'; delayNanos: number; signal: string };

const LINE = /^(\d{1,2}) (\d+(?:[.,]\d+)?) (.+)$/;
const LEGACY = /^(\d+(?:[.,]\d+)?) (\d+)$/;
const MAX_COUNT = 2 ** 40;

export function parseSudoTimingLine(line: string): SudoTimingEntry | string {
  const m = LINE.exec(line);
  if (m === null) {
    const legacy = LEGACY.exec(line);
    if (legacy !== null) {
      const delayNanos = parseDecimalUnits(legacy[1] as string, 9);
      if (delayNanos !== null) return { kind: 'io', delayNanos, stream: 'ttyout', bytes: Number(legacy[2]) };
    }
    return 'is not "EVENT DELAY ..."';
  }
  const event = Number(m[1]);
  const delayNanos = parseDecimalUnits(m[2] as string, 9);
  if (delayNanos === null) return `has delay ${JSON.stringify(m[2])}, not a number of seconds`;
  const rest = m[3] as string;
  if (event <= 4 || event === 6) {
    if (!/^\d{1,13}$/.test(rest) || Number(rest) > MAX_COUNT) return `has byte count ${JSON.stringify(rest)}, not a number`;
    return { kind: 'io', delayNanos, stream: STREAMS[event === 6 ? 4 : event] as SudoStream, bytes: Number(rest) };
  }
  if (event === 5) {
    const size = /^(\d{1,6}) (\d{1,6})$/.exec(rest);
    if (size === null) return `has window size ${JSON.stringify(rest)}, not "ROWS COLS"`;
    return { kind: 'winsize', delayNanos, rows: Number(size[1]), cols: Number(size[2]) };
  }
  if (event === 7) return { kind: 'suspend', delayNanos, signal: rest.trim() };
  return `has event type ${event}, which sudo does not define`;
}

const IO_STREAM: Record<number, SudoStream> = { 0x30: 'stdin', 0x31: 'stdout', 0x32: 'stderr', 0x33: 'ttyin', 0x34: 'ttyout', 0x36: 'ttyout' };

/** The same as parseSudoTimingLine for a line's bytes, without building strings on the common path. */
export function parseSudoTimingBytes(bytes: Buffer): SudoTimingEntry | string {
  const stream = bytes.length > 4 && bytes[1] === 0x20 ? IO_STREAM[bytes[0] as number] : undefined;
  if (stream !== undefined) {
    const fast = scanDelayAndCount(bytes, 2, 9);
    if (fast !== null) return { kind: 'io', delayNanos: fast[0], stream, bytes: fast[1] };
  }
  return parseSudoTimingLine(bytes.toString('utf8').replace(/\r$/, ''));
}
