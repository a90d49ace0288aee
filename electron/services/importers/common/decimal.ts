// Exact decimal time values. Recorders write delays as decimal text (`0.003828211`, `%.6f`); they are
// converted to integer units here (never through float seconds), so summing thousands of delays
// cannot drift and a microsecond is always a microsecond.

const DECIMAL = /^(\d{1,15})(?:[.,](\d+))?$/;

/**
 * Parses a non-negative decimal like `12.345678` into integer units of 10^-`digits` (6 = µs,
 * 9 = ns). Extra fraction digits are rounded half up. `,` is accepted as the separator because some
 * recorders printed delays with the locale's decimal comma. Returns null for anything else.
 */
export function parseDecimalUnits(text: string, digits: number): number | null {
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const whole = Number(m[1]);
  const frac = m[2] ?? '';
  let fracUnits = Number(frac.slice(0, digits).padEnd(digits, '0'));
  if (frac.length > digits && frac.charCodeAt(digits) >= 0x35 /* '5' */) fracUnits += 1;
  const value = whole * 10 ** digits + fracUnits;
  return Number.isSafeInteger(value) ? value : null;
}

/** Seconds held in a JS number (asciicast's JSON floats) as integer microseconds, or null. */
export function secondsToMicros(seconds: unknown): number | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  const micros = Math.round(seconds * 1_000_000);
  return Number.isSafeInteger(micros) ? micros : null;
}

/**
 * Fast path for timing lines, straight from the bytes: parses `DECIMAL SP COUNT` starting at
 * `at` (e.g. `0.003828211 31`, the tail of every sudo and script I/O entry) into
 * [delay in 10^-digits units, count], or null when the bytes are anything else (the callers then
 * take their regex path, which also explains what is wrong).
 */
export function scanDelayAndCount(bytes: Uint8Array, at: number, digits: number): [number, number] | null {
  let i = at;
  let whole = 0;
  const wholeStart = i;
  while (i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) whole = whole * 10 + ((bytes[i++] as number) - 0x30);
  if (i === wholeStart || i - wholeStart > 15 || bytes[i] !== 0x2e /* . */) return null;
  i++;
  let frac = 0;
  let fracDigits = 0;
  while (i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) {
    if (fracDigits < digits) frac = frac * 10 + ((bytes[i] as number) - 0x30);
    fracDigits++;
    i++;
  }
  if (fracDigits === 0 || fracDigits > digits || bytes[i] !== 0x20) return null;
  i++;
  let count = 0;
  const countStart = i;
  while (i < bytes.length && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) count = count * 10 + ((bytes[i++] as number) - 0x30);
  if (i === countStart || i - countStart > 13) return null;
  if (i < bytes.length && !(i === bytes.length - 1 && bytes[i] === 0x0d)) return null;
  const units = whole * 10 ** digits + frac * 10 ** (digits - fracDigits);
  return Number.isSafeInteger(units) ? [units, count] : null;
}
