// Time zones for query times (`after:2024-11-21`, `after:2024-11-21T03:00`) and for showing results.
// A zone is `UTC`, a fixed offset (`+01:00`, `-0530`) or an IANA name (`Europe/Berlin`), resolved
// with the ICU data built into Node (Intl), so daylight saving time follows the zone's rules.
// Times are integer microseconds since the Unix epoch, as everywhere in Trailview.

export interface TimeZone {
  /** As given, e.g. `Europe/Berlin`, `+01:00`, `UTC`. */
  readonly name: string;
  /** The zone's offset from UTC, in minutes, at the instant `utcMs`. */
  offsetMinutes(utcMs: number): number;
}

const FIXED = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function fixedZone(name: string, minutes: number): TimeZone {
  return { name, offsetMinutes: () => minutes };
}

export const UTC: TimeZone = fixedZone('UTC', 0);

/** Resolves a zone name; throws RangeError naming the zone when it is not known. */
export function resolveTimeZone(name: string): TimeZone {
  const trimmed = name.trim();
  if (/^(utc|z|gmt)$/i.test(trimmed)) return UTC;
  const fixed = FIXED.exec(trimmed);
  if (fixed !== null) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3]);
    if (hours > 23 || minutes > 59) throw new RangeError(`unknown time zone ${JSON.stringify(name)}`);
    return fixedZone(trimmed, (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes));
  }
  let format = formatters.get(trimmed);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: trimmed,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone ${JSON.stringify(name)} (use UTC, an offset like +01:00, or a name like Europe/Berlin)`);
    }
    formatters.set(trimmed, format);
  }
  const f = format;
  return {
    name: trimmed,
    offsetMinutes(utcMs: number): number {
      const whole = Math.floor(utcMs / 1000) * 1000;
      const parts: Record<string, number> = {};
      for (const p of f.formatToParts(new Date(whole))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
      return Math.round((wall - whole) / 60_000);
    },
  };
}

/**
 * The UTC instant (ms) of a wall-clock time in `zone`. A wall time skipped by a daylight-saving jump
 * (02:30 on a spring-forward night) is read with the offset before the jump, i.e. it lands an hour
 * later in the new offset; a wall time that occurs twice takes the first occurrence.
 */
export function wallTimeToUtcMs(wallMs: number, zone: TimeZone): number {
  const DAY = 86_400_000;
  const before = zone.offsetMinutes(wallMs - DAY);
  const after = zone.offsetMinutes(wallMs + DAY);
  const early = wallMs - before * 60_000;
  const late = wallMs - after * 60_000;
  const earlyOk = zone.offsetMinutes(early) === before;
  const lateOk = zone.offsetMinutes(late) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (lateOk) return late;
  return early; // valid, or a skipped wall time read with the offset before the jump
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** `2024-11-21 04:00:00.490000 +01:00`: a microsecond time as wall time in `zone`, with its offset. */
export function formatInZone(micros: number, zone: TimeZone): string {
  const ms = Math.floor(micros / 1000);
  const offset = zone.offsetMinutes(ms);
  const wall = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const frac = String(micros - Math.floor(micros / 1_000_000) * 1_000_000).padStart(6, '0');
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}.${frac} ${formatOffset(offset)}`;
}
