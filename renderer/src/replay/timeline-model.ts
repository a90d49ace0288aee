// Pure parts of the timeline: lanes (one per open session, or case-wide one per host or user),
// the visible window (zoom around a point, pan, clamp) and tick spacing for the time axis.
import type { ReplaySessionView, TimelineEventView } from '../../../electron/core/api/contract.js';

export type LaneMode = 'sessions' | 'host' | 'user';

export interface Lane {
  key: string;
  label: string;
  /** Session bars drawn in the lane: [start, end]. */
  spans: Array<[number, number]>;
  events: TimelineEventView[];
}

export function buildLanes(mode: LaneMode, sessions: readonly ReplaySessionView[], events: readonly TimelineEventView[]): Lane[] {
  if (mode === 'sessions') {
    return sessions.map((s) => ({
      key: `s${s.sessionId}`,
      label: `${s.user ?? '?'}@${s.host ?? '?'} ${s.tty ?? ''}`.trim(),
      spans: [[s.startUs, s.endUs]],
      events: events.filter((e) => e.sessionId === s.sessionId),
    }));
  }
  const lanes = new Map<string, Lane>();
  const laneOf = (name: string): Lane => {
    let lane = lanes.get(name);
    if (lane === undefined) {
      lane = { key: `${mode}:${name}`, label: name, spans: [], events: [] };
      lanes.set(name, lane);
    }
    return lane;
  };
  const open = new Map<number, number>();
  for (const e of events) {
    const lane = laneOf((mode === 'host' ? e.host : e.user) ?? '(unknown)');
    lane.events.push(e);
    if (e.kind === 'start' && e.sessionId !== null) open.set(e.sessionId, e.tsUs);
    if (e.kind === 'end' && e.sessionId !== null) lane.spans.push([open.get(e.sessionId) ?? e.tsUs, e.tsUs]);
  }
  return [...lanes.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export interface Window {
  fromUs: number;
  toUs: number;
}

const MIN_WINDOW_US = 1_000_000; // zoom in down to single seconds

/** Zooms by `factor` (< 1 in, > 1 out) keeping `atUs` under the pointer, within the bounds. */
export function zoomWindow(w: Window, factor: number, atUs: number, bounds: Window): Window {
  const span = Math.max(MIN_WINDOW_US, Math.min((bounds.toUs - bounds.fromUs) * 1.2 + MIN_WINDOW_US, (w.toUs - w.fromUs) * factor));
  const ratio = (atUs - w.fromUs) / Math.max(1, w.toUs - w.fromUs);
  return clampWindow({ fromUs: atUs - ratio * span, toUs: atUs - ratio * span + span }, bounds);
}

export function panWindow(w: Window, deltaUs: number, bounds: Window): Window {
  return clampWindow({ fromUs: w.fromUs + deltaUs, toUs: w.toUs + deltaUs }, bounds);
}

function clampWindow(w: Window, bounds: Window): Window {
  const span = w.toUs - w.fromUs;
  const margin = Math.max((bounds.toUs - bounds.fromUs) * 0.1, MIN_WINDOW_US);
  let from = Math.max(bounds.fromUs - margin, w.fromUs);
  from = Math.min(from, bounds.toUs + margin - span);
  return { fromUs: from, toUs: from + span };
}

const STEPS_US = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1_000_000);

/** Axis tick spacing giving at most `maxTicks` labels over the window. */
export function tickStep(w: Window, maxTicks: number): number {
  const span = w.toUs - w.fromUs;
  return STEPS_US.find((s) => span / s <= maxTicks) ?? 86_400_000_000 * Math.ceil(span / (86_400_000_000 * maxTicks));
}
