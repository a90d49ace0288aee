// Parsing shell history files into timed entries (docs/importers.md "Shell history").
//
// bash with HISTTIMEFORMAT set writes `#<epoch seconds>` before each entry; the entry is every
// line up to the next such line (one line normally, several with `shopt -s lithist`). Like bash,
// a line is a timestamp line when it is `#` followed by a digit.
// zsh with EXTENDED_HISTORY writes `: <start epoch>:<elapsed seconds>;<command>`; a newline inside
// a command is written as `\` + newline; bytes NUL and 0x83..0xa2 are "metafied" (0x83, then the
// byte XOR 0x20) and are decoded here before the text is read as UTF-8.
import type { Line } from '../common/line-reader.js';

export interface HistoryEntry {
  /** Start time, microseconds since the epoch (the files hold whole seconds). */
  micros: number;
  text: string;
  /** Line of the file where the entry starts (its timestamp line for bash). */
  line: number;
  /** zsh: elapsed seconds as written (0 when zsh wrote the entry at command start). */
  elapsedSeconds?: number;
  /** The bytes were not valid UTF-8 and were decoded with U+FFFD in their place. */
  lossy?: boolean;
}

export interface HistoryIssue {
  line: number;
  severity: 'skipped' | 'warning';
  message: string;
}

const MAX_EPOCH_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

/** Accepts lines one by one; `finish()` returns what is left. */
export interface HistoryParser {
  push(line: Line): void;
  finish(): void;
  readonly entries: HistoryEntry[];
  readonly issues: HistoryIssue[];
}

const META = 0x83;

/** zsh's unmetafy(): 0x83 followed by X stands for X ^ 0x20. */
export function unmetafy(bytes: Uint8Array): { bytes: Buffer; danglingMeta: boolean } {
  if (bytes.indexOf(META) === -1) return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), danglingMeta: false };
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  let danglingMeta = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === META) {
      if (i + 1 < bytes.length) {
        out[n++] = (bytes[i + 1] as number) ^ 0x20;
        i++;
      } else {
        danglingMeta = true;
        out[n++] = b;
      }
    } else {
      out[n++] = b;
    }
  }
  return { bytes: out.subarray(0, n), danglingMeta };
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): { text: string; lossy: boolean } {
  try {
    return { text: decoder.decode(bytes), lossy: false };
  } catch {
    return { text: lenient.decode(bytes), lossy: true };
  }
}

function stripCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
}

export function bashHistoryParser(): HistoryParser {
  const entries: HistoryEntry[] = [];
  const issues: HistoryIssue[] = [];
  let current: { micros: number; line: number; lines: Buffer[] } | null = null;
  let brokenAt = 0; // line of a broken timestamp whose entry is being skipped
  let untimed: { first: number; last: number } | null = null;

  const flushUntimed = (): void => {
    if (untimed === null) return;
    const where = untimed.first === untimed.last ? `line ${untimed.first}` : `lines ${untimed.first}–${untimed.last}`;
    issues.push({
      line: untimed.first,
      severity: 'skipped',
      message: `${where}: command text with no "#EPOCH" timestamp line before it (HISTTIMEFORMAT was not set when it was saved); left out because its time is unknown`,
    });
    untimed = null;
  };
  const flush = (): void => {
    if (current === null) return;
    // An entry is its lines joined by newlines (lithist); a stamp followed by nothing is no entry.
    while (current.lines.length > 0 && (current.lines[current.lines.length - 1] as Buffer).length === 0) current.lines.pop();
    if (current.lines.length === 0) {
      issues.push({ line: current.line, severity: 'skipped', message: `timestamp line ${current.line} is not followed by a command` });
    } else {
      const { text, lossy } = decode(Buffer.concat(joinWithNewlines(current.lines)));
      const entry: HistoryEntry = { micros: current.micros, text, line: current.line };
      if (lossy) entry.lossy = true;
      entries.push(entry);
    }
    current = null;
  };

  return {
    entries,
    issues,
    push(line: Line): void {
      if (line.tooLong === true) {
        issues.push({ line: line.line, severity: 'skipped', message: `line ${line.line} is ${line.length} bytes long; left out` });
        return;
      }
      const bytes = stripCr(line.bytes);
      if (bytes.length >= 2 && bytes[0] === 0x23 && isDigit(bytes[1] as number)) {
        flush();
        flushUntimed();
        const stamp = bytes.toString('latin1');
        const m = /^#(\d{1,12})\s*$/.exec(stamp);
        const seconds = m === null ? NaN : Number(m[1]);
        if (!Number.isSafeInteger(seconds) || seconds > MAX_EPOCH_SECONDS) {
          brokenAt = line.line;
          issues.push({
            line: line.line,
            severity: 'skipped',
            message: `line ${line.line} ${JSON.stringify(stamp.slice(0, 40))} is not a valid "#EPOCH" timestamp line; the command after it was left out because its time is unknown`,
          });
          return;
        }
        brokenAt = 0;
        current = { micros: seconds * 1_000_000, line: line.line, lines: [] };
        return;
      }
      if (current !== null) {
        current.lines.push(bytes);
      } else if (brokenAt !== 0) {
        // The command line(s) of an entry whose timestamp was broken: already reported.
      } else if (bytes.length > 0 || !line.terminated) {
        if (untimed === null) untimed = { first: line.line, last: line.line };
        else untimed.last = line.line;
      }
    },
    finish(): void {
      flush();
      flushUntimed();
    },
  };
}

export function zshHistoryParser(): HistoryParser {
  const entries: HistoryEntry[] = [];
  const issues: HistoryIssue[] = [];
  let current: { micros: number; elapsed: number; line: number; parts: Buffer[] } | null = null;
  let continuing = false; // the previous line ended in `\`: this line belongs to the same entry
  let danglingAt = 0;

  const flush = (): void => {
    if (current === null) return;
    const raw = Buffer.concat(current.parts);
    const { bytes, danglingMeta } = unmetafy(raw);
    if (danglingMeta) danglingAt = current.line;
    const { text, lossy } = decode(bytes);
    const entry: HistoryEntry = { micros: current.micros, text, line: current.line, elapsedSeconds: current.elapsed };
    if (lossy || danglingMeta) entry.lossy = true;
    entries.push(entry);
    current = null;
  };

  return {
    entries,
    issues,
    push(line: Line): void {
      if (line.tooLong === true) {
        flush();
        continuing = false;
        issues.push({ line: line.line, severity: 'skipped', message: `line ${line.line} is ${line.length} bytes long; left out` });
        return;
      }
      let bytes = line.bytes;
      // zsh writes each newline inside a command as `\` + newline (hist.c savehistfile); on
      // reading, a line ending in `\` continues the entry, the `\` standing for that newline.
      const continues = bytes.length > 0 && bytes[bytes.length - 1] === 0x5c && line.terminated;
      if (continues) bytes = bytes.subarray(0, -1);
      if (continuing && current !== null) {
        current.parts.push(Buffer.from('\n'), bytes);
      } else {
        const head = /^: *(\d{1,12}):(\d+);/.exec(bytes.subarray(0, 40).toString('latin1'));
        if (head === null) {
          flush();
          if (bytes.length > 0) {
            issues.push({
              line: line.line,
              severity: 'skipped',
              message: `line ${line.line} is not an extended history entry (": START:ELAPSED;COMMAND"); left out because its time is unknown`,
            });
          }
          continuing = false;
          return;
        }
        flush();
        const seconds = Number(head[1]);
        if (!Number.isSafeInteger(seconds) || seconds > MAX_EPOCH_SECONDS) {
          issues.push({ line: line.line, severity: 'skipped', message: `line ${line.line}: start time ${head[1]} is out of range; entry left out` });
          continuing = false;
          return;
        }
        current = { micros: seconds * 1_000_000, elapsed: Number(head[2]), line: line.line, parts: [bytes.subarray(head[0].length)] };
      }
      continuing = continues;
      if (!continues) flush();
    },
    finish(): void {
      flush();
      if (danglingAt !== 0) {
        issues.push({ line: danglingAt, severity: 'warning', message: `the entry on line ${danglingAt} ends in a lone zsh meta byte (0x83); kept as is` });
      }
    },
  };
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function joinWithNewlines(lines: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(Buffer.from('\n'));
    out.push(line);
  });
  return out;
}
