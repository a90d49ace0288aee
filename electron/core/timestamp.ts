// Record timestamps: UTC with exactly six fractional digits (docs/bundle-format.md §3.1).
// Times are handled as integer microseconds since the Unix epoch: a double holds them exactly
// until the year 2255, and microsecond arithmetic never rounds the way Date's milliseconds do.

const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/;
const ISO_ANY = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

// Positions of the digits in YYYY-MM-DDTHH:MM:SS.ffffffZ, and the fixed separators.
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];
const SEPARATORS: Array<[number, number]> = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [26, 90]];
// Every record is checked, and consecutive records nearly always share their date: remember the
// last date found valid so the calendar check runs once per day of records, not once per record.
let lastValidDay = '';

export function isCanonicalTimestamp(value: string): boolean {
  if (value.length !== 27) return false;
  for (const [at, code] of SEPARATORS) if (value.charCodeAt(at) !== code) return false;
  for (const at of DIGITS) {
    const c = value.charCodeAt(at);
    if (c < 48 || c > 57) return false;
  }
  const two = (at: number): number => (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
  if (two(11) > 23 || two(14) > 59 || two(17) > 59) return false;
  const day = value.slice(0, 10);
  if (day === lastValidDay) return true;
  const m = CANONICAL.exec(value);
  if (m === null || !fieldsAreValid(m)) return false;
  lastValidDay = day;
  return true;
}

function fieldsAreValid(m: RegExpExecArray): boolean {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Parses a canonical record timestamp into microseconds since the epoch; throws otherwise. */
export function parseTimestamp(value: string): number {
  const m = CANONICAL.exec(value);
  if (m === null || !fieldsAreValid(m)) {
    throw new RangeError(`timestamp ${JSON.stringify(value)} is not UTC with microseconds (YYYY-MM-DDTHH:MM:SS.ffffffZ)`);
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return ms * 1000 + Number(m[7]);
}

/** Formats microseconds since the epoch as a canonical record timestamp. */
export function formatTimestamp(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`timestamp ${micros} µs is not a safe integer`);
  const ms = Math.floor(micros / 1000);
  const frac = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (iso.length !== 24) throw new RangeError(`timestamp ${micros} µs is outside years 0000–9999`);
  return `${iso.slice(0, 23)}${String(frac).padStart(3, '0')}Z`;
}

/**
 * Accepts any ISO-8601 date-time with an explicit zone (Z or ±hh:mm) and up to nanoseconds, and returns
 * microseconds since the epoch. Digits beyond microseconds must be zero: silently rounding evidence
 * times would make two different events look simultaneous.
 */
export function parseIsoToMicros(value: string): number {
  const m = ISO_ANY.exec(value);
  if (m === null) {
    throw new RangeError(`${JSON.stringify(value)} is not an ISO-8601 date-time with a zone (e.g. 2024-11-21T04:00:00.490Z)`);
  }
  const fracDigits = m[7] ?? '';
  if (fracDigits.length > 6 && /[1-9]/.test(fracDigits.slice(6))) {
    throw new RangeError(`${JSON.stringify(value)} has sub-microsecond precision, which records cannot hold`);
  }
  const canonical = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fracDigits.slice(0, 6).padEnd(6, '0')}Z`;
  const local = parseTimestamp(canonical);
  const zone = m[8] ?? 'Z';
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return local - sign * offsetMinutes * 60_000_000;
}

export function normalizeTimestamp(value: string): string {
  return formatTimestamp(parseIsoToMicros(value));
}

/**
 * parseTimestamp memoised per second: consecutive records mostly share their first 19 characters,
 * so importers and indexers that convert every record's time pay for one full parse per second.
 * Returns undefined for a time that is not canonical.
 */
export class TimestampClock {
  private second = '';
  private secondMicros = 0;

  micros(ts: string): number | undefined {
    if (ts.length === 27 && this.second !== '' && ts.startsWith(this.second) && ts.charCodeAt(19) === 46 && ts.charCodeAt(26) === 90) {
      const frac = Number(ts.slice(20, 26));
      if (Number.isInteger(frac)) return this.secondMicros + frac;
    }
    try {
      const micros = parseTimestamp(ts);
      this.second = ts.slice(0, 19);
      this.secondMicros = micros - Number(ts.slice(20, 26));
      return micros;
    } catch {
      return undefined;
    }
  }
}
