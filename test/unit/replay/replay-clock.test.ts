// The one wall clock: sessions with different starts on one time line, speeds, skip-idle mapping
// and stepping between events.
import { describe, expect, it } from 'vitest';
import { buildIdleMap, commonIdle, playbackToWall, wallToPlayback } from '../../../electron/core/replay/idle-map.js';
import { clampSpeed, clockFor, paneTimeState, pause, play, seek, sessionOffset, setIdleMap, setSpeed, stepSpeed, tick } from '../../../electron/core/replay/replay-clock.js';
import { nextEvent, previousEvent, type TimedEvent } from '../../../electron/core/replay/timeline-nav.js';

const S = 1_000_000; // µs per second
const T = 1_733_000_000 * S; // some wall-clock moment

describe('one clock over sessions with different starts', () => {
  const a = { startUs: T, endUs: T + 600 * S }; // 10 minutes
  const b = { startUs: T + 120 * S, endUs: T + 900 * S }; // joins 2 minutes later, ends 5 minutes after a

  it('spans from the first start to the last end and shows each session at the same wall moment', () => {
    const clock = seek(clockFor([a, b]), T + 60 * S);
    expect(clock.startUs).toBe(T);
    expect(clock.endUs).toBe(T + 900 * S);
    expect(paneTimeState(a, clock.wallUs)).toBe('running');
    expect(paneTimeState(b, clock.wallUs)).toBe('not-started');
    expect(sessionOffset(a, clock.wallUs)).toBe(60 * S);
    const later = seek(clock, T + 700 * S);
    expect(paneTimeState(a, later.wallUs)).toBe('ended');
    expect(paneTimeState(b, later.wallUs)).toBe('running');
    expect(sessionOffset(b, later.wallUs)).toBe(580 * S);
    expect(seek(clock, T - 5 * S).wallUs).toBe(T); // clamped to the case
  });

  it('plays at the chosen speed (0.25×–64×) and stops at the end', () => {
    let clock = play(setSpeed(clockFor([a, b]), 16));
    clock = tick(clock, 1000);
    expect(clock.wallUs).toBe(T + 16 * S);
    expect(clampSpeed(1000)).toBe(64);
    expect(clampSpeed(0.01)).toBe(0.25);
    expect(stepSpeed(1, 1)).toBe(2);
    expect(stepSpeed(0.25, -1)).toBe(0.25);
    expect(stepSpeed(64, 1)).toBe(64);
    clock = tick(setSpeed(clock, 64), 60_000);
    expect(clock.wallUs).toBe(clock.endUs);
    expect(clock.playing).toBe(false);
    expect(tick(pause(play(clock)), 1000).wallUs).toBe(T); // play at the end restarts; paused does not move
  });
});

describe('skip idle', () => {
  // Session a: activity 0–100 s, then quiet until 400 s, active to 500 s.
  // Session b: active 200–250 s only. Common idle: 100–200 and 250–400.
  const a = { extent: { startUs: T, endUs: T + 500 * S }, quiet: [{ startUs: T + 100 * S, endUs: T + 400 * S }] };
  const b = { extent: { startUs: T + 200 * S, endUs: T + 250 * S }, quiet: [] };

  it('finds the stretches where no session shows anything', () => {
    expect(commonIdle([a, b])).toEqual([
      { startUs: T + 100 * S, endUs: T + 200 * S },
      { startUs: T + 250 * S, endUs: T + 400 * S },
    ]);
  });

  it('plays each idle stretch longer than the limit as the limit', () => {
    const map = buildIdleMap(commonIdle([a, b]), 5 * S);
    // Before the first gap: unchanged.
    expect(wallToPlayback(map, T + 50 * S)).toBe(T + 50 * S);
    // After the first gap (100 s cut to 5 s) and the second (150 s cut to 5 s).
    expect(wallToPlayback(map, T + 220 * S)).toBe(T + 125 * S);
    expect(wallToPlayback(map, T + 450 * S)).toBe(T + 450 * S - 95 * S - 145 * S);
    // Inverse outside gaps, and the kept part of a gap maps to its start.
    for (const w of [T, T + 99 * S, T + 200 * S, T + 249 * S, T + 400 * S, T + 499 * S]) expect(playbackToWall(map, wallToPlayback(map, w))).toBe(w);
    expect(playbackToWall(map, T + 102 * S)).toBe(T + 102 * S);
    // Playing 10 s of playback from 98 s crosses the gap: 2 s before, 5 s kept, 3 s after it.
    let clock = play(setIdleMap(seek(clockFor([a.extent, b.extent]), T + 98 * S), map));
    clock = tick(clock, 10_000);
    expect(clock.wallUs).toBe(T + 203 * S);
  });

  it('refuses a limit that is not positive', () => {
    expect(() => buildIdleMap([], 0)).toThrow(/positive/);
  });
});

describe('stepping', () => {
  const events: TimedEvent[] = [
    { tsUs: 10, kind: 'start' },
    { tsUs: 20, kind: 'command' },
    { tsUs: 20, kind: 'join' },
    { tsUs: 30, kind: 'flag' },
    { tsUs: 40, kind: 'command' },
    { tsUs: 50, kind: 'leave' },
    { tsUs: 60, kind: 'finding' },
  ];

  it('goes to the next / previous event of a kind, strictly after / before the moment', () => {
    expect(nextEvent(events, 20, 'command')?.tsUs).toBe(40);
    expect(nextEvent(events, 19, 'command')?.tsUs).toBe(20);
    expect(nextEvent(events, 40, 'command')).toBeNull();
    expect(previousEvent(events, 40, 'command')?.tsUs).toBe(20);
    expect(nextEvent(events, 20, 'join-leave')?.kind).toBe('leave');
    expect(previousEvent(events, 50, 'join-leave')?.kind).toBe('join');
    expect(nextEvent(events, 30, 'flag')?.kind).toBe('finding');
    expect(nextEvent(events, 0, 'event')?.kind).toBe('start');
    expect(previousEvent(events, 10, 'event')).toBeNull();
  });
});
