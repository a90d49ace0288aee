// Record timestamps: UTC with exactly six fractional digits (docs/bundle-format.md §3.1).
// Times are handled as integer microseconds since the Unix epoch: a double holds them exactly
// until the year 2255, and microsecond arithmetic never rounds the way Date's milliseconds do.

const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/;
const ISO_ANY = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

export function isCanonicalTimestamp(value: string): boolean {
  const m = CANONICAL.exec(value);
  return m !== null && fieldsAreValid(m);
}

function fieldsAreValid(m: RegExpExecArray): boolean {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined || y === undefined) {
    return false;
  }
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 || d < 1) return false;
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
