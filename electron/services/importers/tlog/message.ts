// One tlog message (tlog log_format.md), from a line of a `--writer=file` log or of a
// `journalctl -o json` export (where the message is the MESSAGE field, and tlog adds TLOG_* fields).

export interface TlogMessage {
  ver: string;
  host: string | null;
  rec: string;
  user: string | null;
  term: string | null;
  /** Audit session id (4294967295 = none). */
  auditSession: number | null;
  id: number;
  /** ms since the recording start. */
  pos: number;
  /** Wall clock of `pos` in µs since the epoch (format ≥ 2.3), else null. */
  timeMicros: number | null;
  timing: string;
  inTxt: string;
  inBin: number[];
  outTxt: string;
  outBin: number[];
}

export type ParsedLine =
  | { kind: 'message'; message: TlogMessage; journalMicros: number | null }
  | { kind: 'other' } // a journal entry that is not a tlog message
  | { kind: 'invalid'; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isByteArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);

export function parseTlogLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'is not valid JSON' };
  }
  if (!isObject(value)) return { kind: 'invalid', reason: 'is not a JSON object' };
  if ('MESSAGE' in value || '__REALTIME_TIMESTAMP' in value) return fromJournal(value);
  return toMessage(value, null);
}

function fromJournal(entry: Record<string, unknown>): ParsedLine {
  const raw = entry.MESSAGE;
  const realtime = typeof entry.__REALTIME_TIMESTAMP === 'string' && /^\d{1,17}$/.test(entry.__REALTIME_TIMESTAMP) ? Number(entry.__REALTIME_TIMESTAMP) : null;
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (isByteArray(raw)) text = Buffer.from(raw).toString('utf8'); // journalctl's form for non-UTF-8 fields
  else if (raw === null && typeof entry.TLOG_REC === 'string') {
    return { kind: 'invalid', reason: 'is a journal entry of a tlog recording whose MESSAGE journalctl left out (null: larger than 4096 bytes; export with `journalctl --all -o json`)' };
  } else return { kind: 'other' };
  if (!text.startsWith('{')) return { kind: 'other' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return typeof entry.TLOG_REC === 'string' ? { kind: 'invalid', reason: 'has a MESSAGE that is not valid JSON' } : { kind: 'other' };
  }
  if (!isObject(value) || !('timing' in value)) return { kind: 'other' };
  return toMessage(value, realtime);
}

function toMessage(v: Record<string, unknown>, journalMicros: number | null): ParsedLine {
  const ver = typeof v.ver === 'string' ? v.ver : typeof v.ver === 'number' ? String(v.ver) : null;
  if (ver === null) return { kind: 'invalid', reason: 'has no "ver" field: not a tlog message' };
  if (!/^[12](?:\.\d+)?$/.test(ver)) return { kind: 'invalid', reason: `has "ver" ${JSON.stringify(ver)}; only tlog message formats 1.x and 2.x are known` };
  if (typeof v.timing !== 'string') return { kind: 'invalid', reason: 'has no "timing" string' };
  if (!isCount(v.id) || v.id === 0) return { kind: 'invalid', reason: `has "id" ${JSON.stringify(v.id)}, not a positive integer` };
  if (!isCount(v.pos)) return { kind: 'invalid', reason: `has "pos" ${JSON.stringify(v.pos)}, not a non-negative integer` };
  for (const field of ['in_txt', 'out_txt'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'string') return { kind: 'invalid', reason: `has "${field}" that is not a string` };
  }
  for (const field of ['in_bin', 'out_bin'] as const) {
    if (v[field] !== undefined && !isByteArray(v[field])) return { kind: 'invalid', reason: `has "${field}" that is not an array of byte values` };
  }
  let timeMicros: number | null = null;
  if (typeof v.time === 'number' && Number.isFinite(v.time) && v.time >= 0) {
    // `time` is seconds with millisecond precision; go through whole ms so 1795240362.016 is exact.
    timeMicros = Math.round(v.time * 1000) * 1000;
  }
  const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  return {
    kind: 'message',
    journalMicros,
    message: {
      ver,
      host: str(v.host),
      rec: str(v.rec) ?? '',
      user: str(v.user),
      term: str(v.term),
      auditSession: isCount(v.session) ? v.session : null,
      id: v.id,
      pos: v.pos,
      timeMicros,
      timing: v.timing,
      inTxt: (v.in_txt as string | undefined) ?? '',
      inBin: (v.in_bin as number[] | undefined) ?? [],
      outTxt: (v.out_txt as string | undefined) ?? '',
      outBin: (v.out_bin as number[] | undefined) ?? [],
    },
  };
}
