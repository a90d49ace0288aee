// The one wall clock of the replay view: every pane shows its session at the same wall-clock moment
// (µs since the epoch, UTC), whatever its start. Pure state transitions, so the UI's play loop and
// the tests use the same arithmetic.
import { NO_IDLE_MAP, playbackToWall, wallToPlayback, type IdleMap } from './idle-map.js';

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 64;
/** The steps the speed control offers. */
export const SPEED_STEPS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;

export interface ClockState {
  /** The moment shown, µs since the epoch. */
  wallUs: number;
  playing: boolean;
  speed: number;
  /** Bounds of the open sessions: the clock stops at the end. */
  startUs: number;
  endUs: number;
  idle: IdleMap;
}

export type PaneTimeState = 'not-started' | 'running' | 'ended';

export interface SessionSpan {
  startUs: number;
  endUs: number;
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The next speed step up (+1) or down (-1) from the current speed. */
export function stepSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return SPEED_STEPS.find((s) => s > speed + 1e-9) ?? MAX_SPEED;
  return [...SPEED_STEPS].reverse().find((s) => s < speed - 1e-9) ?? MIN_SPEED;
}

/** The clock over sessions: it spans from the first start to the last end. */
export function clockFor(sessions: readonly SessionSpan[], at?: number): ClockState {
  if (sessions.length === 0) return { wallUs: at ?? 0, playing: false, speed: 1, startUs: at ?? 0, endUs: at ?? 0, idle: NO_IDLE_MAP };
  const startUs = Math.min(...sessions.map((s) => s.startUs));
  const endUs = Math.max(...sessions.map((s) => s.endUs));
  return { wallUs: clampTime(at ?? startUs, startUs, endUs), playing: false, speed: 1, startUs, endUs, idle: NO_IDLE_MAP };
}

function clampTime(t: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, t));
}

/** Where a session stands at a wall-clock moment: its pane says "not started yet" or "ended". */
export function paneTimeState(session: SessionSpan, wallUs: number): PaneTimeState {
  if (wallUs < session.startUs) return 'not-started';
  if (wallUs > session.endUs) return 'ended';
  return 'running';
}

/** Session-relative offset (µs since its start) of a wall moment, clamped to the session. */
export function sessionOffset(session: SessionSpan, wallUs: number): number {
  return clampTime(wallUs, session.startUs, session.endUs) - session.startUs;
}

export function seek(clock: ClockState, wallUs: number): ClockState {
  return { ...clock, wallUs: clampTime(Math.round(wallUs), clock.startUs, clock.endUs) };
}

export function setSpeed(clock: ClockState, speed: number): ClockState {
  return { ...clock, speed: clampSpeed(speed) };
}

export function setIdleMap(clock: ClockState, idle: IdleMap): ClockState {
  return { ...clock, idle };
}

export function play(clock: ClockState): ClockState {
  // Playing at the end starts over.
  return { ...clock, playing: true, wallUs: clock.wallUs >= clock.endUs ? clock.startUs : clock.wallUs };
}

export function pause(clock: ClockState): ClockState {
  return { ...clock, playing: false };
}

/**
 * Advances a playing clock by `elapsedMs` of real time: playback time moves at `speed`, idle
 * stretches beyond the limit are skipped, and the clock pauses at the end.
 */
export function tick(clock: ClockState, elapsedMs: number): ClockState {
  if (!clock.playing || !(elapsedMs > 0)) return clock;
  const play = wallToPlayback(clock.idle, clock.wallUs) + elapsedMs * 1000 * clock.speed;
  const wall = Math.round(playbackToWall(clock.idle, play));
  if (wall >= clock.endUs) return { ...clock, wallUs: clock.endUs, playing: false };
  return { ...clock, wallUs: wall };
}
