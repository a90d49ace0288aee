// How the UI shows times: always in the chosen zone and always labelled with it (issue 5: "times
// shown in a chosen time zone, always labelled"). Pure functions over integer microseconds, built
// on the same zone code the CLI uses (electron/core/search/time-zone.ts), so the app and
// `trailview search --timezone` print the same wall times.
import { formatInZone, formatOffset, resolveTimeZone, type TimeZone } from '../../../electron/core/search/time-zone.js';

export type { TimeZone };

const zones = new Map<string, TimeZone>();

/** A zone by name (`UTC`, `Europe/Berlin`, `+05:30`); unknown names fall back to UTC. */
export function zoneByName(name: string): TimeZone {
  let zone = zones.get(name);
  if (zone === undefined) {
    try {
      zone = resolveTimeZone(name);
    } catch {
      zone = resolveTimeZone('UTC');
    }
    zones.set(name, zone);
  }
  return zone;
}

export function isKnownTimeZone(name: string): boolean {
  try {
    resolveTimeZone(name);
    return true;
  } catch {
    return false;
  }
}

export type TimePrecision = 'seconds' | 'millis' | 'micros';

/**
 * `2024-11-21 04:00:00 +01:00` (seconds), `… 04:00:00.490 +01:00` (millis) or with all six
 * digits (micros). The offset is always there: a time without it is ambiguous in a report.
 */
export function formatTime(micros: number, zone: TimeZone, precision: TimePrecision = 'seconds'): string {
  const full = formatInZone(micros, zone); // YYYY-MM-DD HH:MM:SS.ffffff +HH:MM
  const [date = '', time = '', offset = ''] = full.split(' ');
  const [hms = '', frac = ''] = time.split('.');
  const shown = precision === 'seconds' ? hms : precision === 'millis' ? `${hms}.${frac.slice(0, 3)}` : `${hms}.${frac}`;
  return `${date} ${shown} ${offset}`;
}

/**
 * An ISO 8601 time from the services (`2024-11-22T00:00:00.000Z`, import and save times) in the
 * zone; text that is not a time is shown as it is.
 */
export function formatIsoTime(iso: string, zone: TimeZone): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatTime(ms * 1000, zone);
}

/** `14:03:07` in the zone: for dense columns whose header names the zone. */
export function formatClock(micros: number, zone: TimeZone): string {
  return formatTime(micros, zone).split(' ')[1] ?? '';
}

/** `Europe/Berlin (+01:00)`, the offset at `atMicros` (daylight saving time changes it). */
export function zoneLabel(zone: TimeZone, atMicros: number): string {
  const offset = formatOffset(zone.offsetMinutes(Math.floor(atMicros / 1000)));
  return zone.name === 'UTC' ? 'UTC' : `${zone.name} (UTC${offset})`;
}

/** A time range in one zone: the date is not repeated when both ends fall on the same day. */
export function formatRange(startUs: number, endUs: number, zone: TimeZone): string {
  const start = formatTime(startUs, zone);
  const end = formatTime(endUs, zone);
  const [startDate, startTime, startOffset] = start.split(' ');
  const [endDate, endTime, endOffset] = end.split(' ');
  if (startDate === endDate && startOffset === endOffset) return `${startDate} ${startTime}–${endTime} ${endOffset}`;
  return `${start} – ${end}`;
}

/** `1h 02m 05s`, `3m 07s`, `12.4s`, `350ms`; negative or unknown durations show as `–`. */
export function formatDuration(micros: number | null): string {
  if (micros === null || !Number.isFinite(micros) || micros < 0) return '–';
  const ms = micros / 1000;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${(ms / 1000).toFixed(1)}s`;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  if (h > 0) return `${h}h ${mm}m ${ss}s`;
  return `${m}m ${ss}s`;
}

/** The zones the selector offers: UTC first, then the runtime's IANA list (ICU). */
export function availableTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const names = typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...names.filter((n) => n !== 'UTC')];
}

/** The zone of the machine the UI runs on, as Intl reports it. */
export function localTimeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
