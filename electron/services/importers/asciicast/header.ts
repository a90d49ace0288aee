// asciicast headers (v1, v2, v3) → the facts a session.start can state. Specs:
// https://docs.asciinema.org/manual/asciicast/v1/ , …/v2/ , …/v3/ . None of them records the host,
// the tty or the user (only `env`, when the recorder was told to capture USER), so those are `missing`.
import type { SessionStartFields } from '../../../core/records.js';
import { secondsToMicros } from '../common/decimal.js';

export type AsciicastVersion = 1 | 2 | 3;

export interface AsciicastHeader {
  version: AsciicastVersion;
  cols: number | null;
  rows: number | null;
  /** Recording start in µs since the epoch; null when the header has none (v1, or v2 without it). */
  startMicros: number | null;
  term: string | null;
  user: string | null;
  command: string | null;
  title: string | null;
  idleTimeLimit: number | null;
  /** Problems with individual header fields (the header is still usable). */
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dimension = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= 100_000 ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads a parsed header object; returns a message when it is not an asciicast header at all. */
export function readHeader(value: unknown): AsciicastHeader | string {
  if (!isObject(value)) return 'the first line is not a JSON object (an asciicast header)';
  const version = value.version;
  if (version !== 1 && version !== 2 && version !== 3) {
    return `"version" is ${JSON.stringify(version)}; only asciicast versions 1, 2 and 3 are known`;
  }
  const notes: string[] = [];
  const env = isObject(value.env) ? value.env : {};
  const term = isObject(value.term) ? value.term : {};
  const cols = version === 3 ? dimension(term.cols) : dimension(value.width);
  const rows = version === 3 ? dimension(term.rows) : dimension(value.height);
  if (cols === null || rows === null) notes.push(`the header has no valid terminal size (${version === 3 ? 'term.cols/term.rows' : 'width/height'})`);
  let startMicros: number | null = null;
  if (value.timestamp !== undefined) {
    startMicros = secondsToMicros(value.timestamp);
    if (startMicros === null || startMicros < 0) {
      notes.push(`"timestamp" ${JSON.stringify(value.timestamp)} is not a Unix time`);
      startMicros = null;
    }
  }
  const idle = value.idle_time_limit;
  return {
    version,
    cols,
    rows,
    startMicros,
    term: text(term.type) ?? text(env.TERM),
    user: text(env.USER),
    command: text(value.command),
    title: text(value.title),
    idleTimeLimit: typeof idle === 'number' && Number.isFinite(idle) ? idle : null,
    notes,
  };
}

export function sessionFacts(header: AsciicastHeader): SessionStartFields {
  const missing = ['host', 'tty'];
  if (header.user === null) missing.unshift('user');
  if (header.term === null) missing.push('term');
  if (header.cols === null || header.rows === null) missing.push('size');
  if (header.startMicros === null) missing.push('startTime');
  if (header.version !== 3) missing.push('exitStatus');
  const fields: SessionStartFields = {
    user: header.user,
    host: null,
    tty: null,
    term: header.term,
    cols: header.cols,
    rows: header.rows,
    recorder: { name: 'asciinema', format: `asciicast-v${header.version}` },
    missing,
  };
  if (header.command !== null) fields.command = header.command;
  if (header.title !== null) fields.title = header.title;
  return fields;
}
