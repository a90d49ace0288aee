import { describe, expect, it } from 'vitest';
import { availableTimeZones, formatClock, formatIsoTime, formatDuration, formatRange, formatTime, isKnownTimeZone, zoneByName, zoneLabel } from '../../renderer/src/state/time-format.js';

// 2024-11-21T03:14:07.123456Z
const T = Date.UTC(2024, 10, 21, 3, 14, 7, 123) * 1000 + 456;

describe('time formatting in a zone', () => {
  it('shows UTC with its offset, at each precision', () => {
    const utc = zoneByName('UTC');
    expect(formatTime(T, utc)).toBe('2024-11-21 03:14:07 +00:00');
    expect(formatTime(T, utc, 'millis')).toBe('2024-11-21 03:14:07.123 +00:00');
    expect(formatTime(T, utc, 'micros')).toBe('2024-11-21 03:14:07.123456 +00:00');
  });

  it('follows daylight saving time of an IANA zone', () => {
    const berlin = zoneByName('Europe/Berlin');
    expect(formatTime(T, berlin)).toBe('2024-11-21 04:14:07 +01:00');
    const summer = Date.UTC(2024, 6, 1, 12, 0, 0) * 1000;
    expect(formatTime(summer, berlin)).toBe('2024-07-01 14:00:00 +02:00');
    expect(zoneLabel(berlin, summer)).toBe('Europe/Berlin (UTC+02:00)');
    expect(zoneLabel(berlin, T)).toBe('Europe/Berlin (UTC+01:00)');
  });

  it('crosses the date line into the previous day', () => {
    expect(formatTime(T, zoneByName('America/Los_Angeles'))).toBe('2024-11-20 19:14:07 -08:00');
    expect(formatTime(T, zoneByName('+05:30'))).toBe('2024-11-21 08:44:07 +05:30');
    expect(formatClock(T, zoneByName('Asia/Tokyo'))).toBe('12:14:07');
  });

  it('falls back to UTC for an unknown zone, and says it is unknown', () => {
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(zoneByName('Mars/Olympus').name).toBe('UTC');
  });

  it('does not repeat the date of a range within one day', () => {
    const utc = zoneByName('UTC');
    expect(formatRange(T, T + 3_600_000_000, utc)).toBe('2024-11-21 03:14:07–04:14:07 +00:00');
    expect(formatRange(T, T + 86_400_000_000, utc)).toBe('2024-11-21 03:14:07 +00:00 – 2024-11-22 03:14:07 +00:00');
  });

  it('shows ISO times from the services in the zone, and other text as it is', () => {
    expect(formatIsoTime('2024-11-22T00:00:00.000Z', zoneByName('Europe/Berlin'))).toBe('2024-11-22 01:00:00 +01:00');
    expect(formatIsoTime('not a time', zoneByName('UTC'))).toBe('not a time');
  });

  it('formats durations', () => {
    expect(formatDuration(350_000)).toBe('350ms');
    expect(formatDuration(12_400_000)).toBe('12.4s');
    expect(formatDuration(187_000_000)).toBe('3m 07s');
    expect(formatDuration(3_725_000_000)).toBe('1h 02m 05s');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(-5)).toBe('–');
  });

  it('offers UTC first and the IANA zones', () => {
    const zones = availableTimeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
  });
});
