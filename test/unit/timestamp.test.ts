import { describe, expect, it } from 'vitest';
import { formatTimestamp, isCanonicalTimestamp, normalizeTimestamp, parseIsoToMicros, parseTimestamp } from '../../electron/core/timestamp.js';

describe('record timestamps', () => {
  it('round-trips microseconds exactly', () => {
    for (const micros of [0, 1, 999, 1_000_001, 1_732_161_600_123_456, 7_258_118_399_999_999]) {
      expect(parseTimestamp(formatTimestamp(micros))).toBe(micros);
    }
    expect(formatTimestamp(1_732_161_600_123_456)).toBe('2024-11-21T04:00:00.123456Z');
  });

  it('accepts only the canonical form in records', () => {
    expect(isCanonicalTimestamp('2024-11-21T04:00:00.123456Z')).toBe(true);
    expect(isCanonicalTimestamp('2024-11-21T04:00:00.123Z')).toBe(false);
    expect(isCanonicalTimestamp('2024-11-21T04:00:00.123456+00:00')).toBe(false);
    expect(isCanonicalTimestamp('2024-02-30T04:00:00.000000Z')).toBe(false);
    expect(isCanonicalTimestamp('2024-11-21T24:00:00.000000Z')).toBe(false);
    expect(() => parseTimestamp('yesterday')).toThrow(/YYYY-MM-DDTHH:MM:SS.ffffffZ/);
  });

  it('normalises ISO input with zones and any precision up to microseconds', () => {
    expect(normalizeTimestamp('2024-11-21T04:00:00.49Z')).toBe('2024-11-21T04:00:00.490000Z');
    expect(normalizeTimestamp('2024-11-21T05:30:00+01:30')).toBe('2024-11-21T04:00:00.000000Z');
    expect(normalizeTimestamp('2024-11-20T23:00:00.5-05:00')).toBe('2024-11-21T04:00:00.500000Z');
    expect(normalizeTimestamp('2024-11-21T04:00:00.123456000Z')).toBe('2024-11-21T04:00:00.123456Z');
    expect(() => parseIsoToMicros('2024-11-21T04:00:00.1234567Z')).toThrow(/sub-microsecond/);
    expect(() => parseIsoToMicros('2024-11-21T04:00:00')).toThrow(/with a zone/);
  });
});
