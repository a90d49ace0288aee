// The tlog `timing` mini-language (tlog log_format.md, ABNF):
//   timing = *([delay] record); delay = "+" ms; record = "<"N | ">"N | "["R"/"B | "]"R"/"B | "="W"x"H
// `<`/`>` take N characters (Unicode code points, not bytes) of in_txt/out_txt; `[`/`]` skip R
// replacement characters in the text and take B raw bytes from in_bin/out_bin; `=` is the window size.

export type TimingOp =
  | { kind: 'delay'; ms: number }
  | { kind: 'text'; dir: 'in' | 'out'; chars: number }
  | { kind: 'bin'; dir: 'in' | 'out'; skip: number; bytes: number }
  | { kind: 'window'; cols: number; rows: number };

export interface TimingError {
  /** 0-based character position in the timing string. */
  at: number;
  message: string;
}

const MAX_NUMBER = 2 ** 31;

/** Parses a timing string; on a syntax error returns the ops before it and the error. */
export function parseTiming(timing: string): { ops: TimingOp[]; error: TimingError | null } {
  const ops: TimingOp[] = [];
  let i = 0;
  const number = (): number | null => {
    const start = i;
    let value = 0;
    while (i < timing.length) {
      const c = timing.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      i++;
    }
    if (i === start || value > MAX_NUMBER) return null;
    return value;
  };
  while (i < timing.length) {
    const at = i;
    const c = timing[i++];
    const fail = (what: string): { ops: TimingOp[]; error: TimingError } => ({ ops, error: { at, message: what } });
    switch (c) {
      case '+': {
        const ms = number();
        if (ms === null) return fail('"+" is not followed by a delay in milliseconds');
        ops.push({ kind: 'delay', ms });
        break;
      }
      case '<':
      case '>': {
        const chars = number();
        if (chars === null) return fail(`"${c}" is not followed by a character count`);
        ops.push({ kind: 'text', dir: c === '<' ? 'in' : 'out', chars });
        break;
      }
      case '[':
      case ']': {
        const skip = number();
        if (skip === null || timing[i] !== '/') return fail(`"${c}" is not followed by COUNT/BYTES`);
        i++;
        const bytes = number();
        if (bytes === null) return fail(`"${c}${skip}/" is not followed by a byte count`);
        ops.push({ kind: 'bin', dir: c === '[' ? 'in' : 'out', skip, bytes });
        break;
      }
      case '=': {
        const cols = number();
        if (cols === null || timing[i] !== 'x') return fail('"=" is not followed by WIDTHxHEIGHT');
        i++;
        const rows = number();
        if (rows === null) return fail('"=" is not followed by WIDTHxHEIGHT');
        ops.push({ kind: 'window', cols, rows });
        break;
      }
      default:
        return fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return { ops, error: null };
}

/** UTF-16 index after advancing `count` code points from `from`; -1 when the string is too short. */
export function advanceCodePoints(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count; n++) {
    if (i >= text.length) return -1;
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}
