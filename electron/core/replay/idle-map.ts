// Skip idle: stretches where no open session shows anything, longer than a limit, are played as if
// they lasted only the limit. The map is between wall time (µs since the epoch, what the timeline
// and the time display show) and playback time (wall time minus the idle cut so far), so playing
// advances playback time at `speed` and the panes always show wall time.

export interface TimeSpan {
  startUs: number;
  endUs: number;
}

export interface IdleMap {
  /** Compressed stretches, sorted, disjoint, each longer than limitUs. */
  readonly gaps: readonly TimeSpan[];
  readonly limitUs: number;
  /** cut[i]: time removed by gaps[0..i-1] (so cut[0] = 0). */
  readonly cut: readonly number[];
}

/** No skipping: wall time and playback time are the same. */
export const NO_IDLE_MAP: IdleMap = { gaps: [], limitUs: 0, cut: [0] };

/**
 * The idle stretches common to every session: a moment is idle when every session is idle there
 * (between two of its events, or before its start / after its end). `quiet` holds, per session,
 * its gaps between consecutive events (sorted); `extent` its first and last event.
 */
export function commonIdle(sessions: ReadonlyArray<{ extent: TimeSpan; quiet: readonly TimeSpan[] }>): TimeSpan[] {
  if (sessions.length === 0) return [];
  let start = Infinity;
  let end = -Infinity;
  for (const s of sessions) {
    start = Math.min(start, s.extent.startUs);
    end = Math.max(end, s.extent.endUs);
  }
  // Idle per session over [start, end]: its quiet gaps plus the time outside its extent.
  let common: TimeSpan[] = [{ startUs: start, endUs: end }];
  for (const s of sessions) {
    const idle: TimeSpan[] = [];
    if (s.extent.startUs > start) idle.push({ startUs: start, endUs: s.extent.startUs });
    idle.push(...s.quiet);
    if (s.extent.endUs < end) idle.push({ startUs: s.extent.endUs, endUs: end });
    common = intersect(common, idle);
  }
  return common.filter((g) => g.endUs > g.startUs);
}

function intersect(a: readonly TimeSpan[], b: readonly TimeSpan[]): TimeSpan[] {
  const out: TimeSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as TimeSpan;
    const y = b[j] as TimeSpan;
    const lo = Math.max(x.startUs, y.startUs);
    const hi = Math.min(x.endUs, y.endUs);
    if (hi > lo) out.push({ startUs: lo, endUs: hi });
    if (x.endUs < y.endUs) i++;
    else j++;
  }
  return out;
}

/** Builds the map: every idle stretch longer than limitUs is cut down to limitUs. */
export function buildIdleMap(idle: readonly TimeSpan[], limitUs: number): IdleMap {
  if (!(limitUs > 0)) throw new RangeError(`the idle limit must be positive, got ${limitUs} µs`);
  const gaps = [...idle].filter((g) => g.endUs - g.startUs > limitUs).sort((x, y) => x.startUs - y.startUs);
  const cut = [0];
  let total = 0;
  for (const g of gaps) {
    total += g.endUs - g.startUs - limitUs;
    cut.push(total);
  }
  return { gaps, limitUs, cut };
}

/** Index of the last gap starting at or before t, or -1. */
function gapAtOrBefore(map: IdleMap, t: number, key: (g: TimeSpan, i: number) => number): number {
  let lo = 0;
  let hi = map.gaps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(map.gaps[mid] as TimeSpan, mid) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function wallToPlayback(map: IdleMap, wallUs: number): number {
  const i = gapAtOrBefore(map, wallUs, (g) => g.startUs);
  if (i < 0) return wallUs;
  const g = map.gaps[i] as TimeSpan;
  const before = map.cut[i] as number;
  // Inside a gap: its first limitUs play normally, the rest is skipped (all maps to its end).
  const into = Math.min(wallUs - g.startUs, map.limitUs);
  if (wallUs < g.endUs) return g.startUs - before + into;
  return wallUs - (map.cut[i + 1] as number);
}

export function playbackToWall(map: IdleMap, playUs: number): number {
  // Gap i starts at playback time g.startUs - cut[i] and lasts limitUs there.
  const i = gapAtOrBefore(map, playUs, (g, k) => g.startUs - (map.cut[k] as number));
  if (i < 0) return playUs;
  const g = map.gaps[i] as TimeSpan;
  const gapPlayStart = g.startUs - (map.cut[i] as number);
  if (playUs - gapPlayStart < map.limitUs) {
    // Within the kept part of the gap: the last instant jumps to the gap's end.
    return g.startUs + (playUs - gapPlayStart);
  }
  return playUs + (map.cut[i + 1] as number);
}
