// util-linux script timing files.
//   classic (`-t`, or `-T` with `--logging-format classic`):  `DELAY BYTES` per line
//   advanced (`-T` with -B/-I/-O, the default since 2.35):    `TYPE DELAY REST` per line
//     I/O DELAY BYTES   input / output bytes        S DELAY SIGNAME [ROWS=r COLS=c]   a signal
//     H DELAY KEY VALUE  header information (START_TIME, TERM, TTY, COLUMNS, LINES, SHELL,
//                        COMMAND, TIMING_LOG, OUTPUT_LOG, INPUT_LOG, DURATION, EXIT_CODE)
// DELAY is seconds since the previous entry, `%.6f`.
import { parseDecimalUnits, scanDelayAndCount } from '../common/decimal.js';

export type ScriptTimingEntry =
  | { kind: 'io'; dir: 'in' | 'out'; delayMicros: number; bytes: number }
  | { kind: 'signal'; delayMicros: number; signal: string; cols: number | null; rows: number | null }
  | { kind: 'info'; delayMicros: number; key: string; value: string };

const CLASSIC = /^(\d+(?:[.,]\d+)?) (\d{1,13})$/;
const ADVANCED = /^([IOSH]) (\d+(?:[.,]\d+)?)(?: (.*))?$/;

export function parseClassicLine(line: string): ScriptTimingEntry | string {
  const m = CLASSIC.exec(line);
  if (m === null) return 'is not "DELAY BYTES"';
  const delayMicros = parseDecimalUnits(m[1] as string, 6);
  if (delayMicros === null) return `has delay ${JSON.stringify(m[1])}, not a number of seconds`;
  return { kind: 'io', dir: 'out', delayMicros, bytes: Number(m[2]) };
}

export function parseAdvancedLine(line: string): ScriptTimingEntry | string {
  const m = ADVANCED.exec(line);
  if (m === null) return 'is not "TYPE DELAY ..." (TYPE one of I, O, S, H)';
  const delayMicros = parseDecimalUnits(m[2] as string, 6);
  if (delayMicros === null) return `has delay ${JSON.stringify(m[2])}, not a number of seconds`;
  const rest = m[3] ?? '';
  switch (m[1]) {
    case 'I':
    case 'O':
      if (!/^\d{1,13}$/.test(rest)) return `has byte count ${JSON.stringify(rest)}, not a number`;
      return { kind: 'io', dir: m[1] === 'I' ? 'in' : 'out', delayMicros, bytes: Number(rest) };
    case 'S': {
      const [signal = '', ...args] = rest.split(' ');
      if (signal === '') return 'has a signal entry without a signal name';
      const num = (name: string): number | null => {
        const arg = args.find((a) => a.startsWith(`${name}=`));
        const value = arg === undefined ? '' : arg.slice(name.length + 1);
        return /^\d{1,6}$/.test(value) ? Number(value) : null;
      };
      return { kind: 'signal', delayMicros, signal, cols: num('COLS'), rows: num('ROWS') };
    }
    default: {
      const space = rest.indexOf(' ');
      return { kind: 'info', delayMicros, key: space === -1 ? rest : rest.slice(0, space), value: space === -1 ? '' : rest.slice(space + 1) };
    }
  }
}

/** parseClassicLine / parseAdvancedLine for a line's bytes, without building strings on the common path. */
export function parseTimingBytes(bytes: Buffer, mode: 'classic' | 'advanced'): ScriptTimingEntry | string {
  if (mode === 'classic') {
    const fast = scanDelayAndCount(bytes, 0, 6);
    if (fast !== null) return { kind: 'io', dir: 'out', delayMicros: fast[0], bytes: fast[1] };
  } else if ((bytes[0] === 0x49 /* I */ || bytes[0] === 0x4f) /* O */ && bytes[1] === 0x20) {
    const fast = scanDelayAndCount(bytes, 2, 6);
    if (fast !== null) return { kind: 'io', dir: bytes[0] === 0x49 ? 'in' : 'out', delayMicros: fast[0], bytes: fast[1] };
  }
  const text = bytes.toString('utf8').replace(/\r$/, '');
  return mode === 'classic' ? parseClassicLine(text) : parseAdvancedLine(text);
}
