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
