// What other views pass to the Findings view to prefill its new-finding form (NewFindingForm
// reads these route params): a session range (replay marks, a search hit), a search query, or a
// timeline selection over some sessions. Pure, so every entry point builds the same shape.
import type { SearchHitView, TimelineEventView } from '../../../electron/core/api/contract.js';
import type { RouteParams } from '../app/app-context.js';

export interface Range {
  fromUs: number;
  toUs: number;
}

/** The route params of a session-range anchor; a reversed range is put in order. */
export function sessionRangeParams(sessionId: number, range: Range): RouteParams {
  return { sessionId, fromUs: Math.min(range.fromUs, range.toUs), toUs: Math.max(range.fromUs, range.toUs) };
}

export function queryParams(query: string): RouteParams {
  return { query };
}

/** A timeline selection: `sessionIds` travel as `1,2,3` (route params are flat); none = case-wide. */
export function timelineParams(range: Range, sessionIds: readonly number[]): RouteParams {
  return { anchor: 'timeline', fromUs: Math.min(range.fromUs, range.toUs), toUs: Math.max(range.fromUs, range.toUs), sessionIds: sessionIds.join(',') };
}

export function parseSessionIds(param: string | number | undefined): number[] {
  if (param === undefined) return [];
  return String(param)
    .split(',')
    .map((s) => Number(s))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
}

/**
 * The range a search hit's finding starts with: 5 s before the hit to 30 s after. A hit is one
 * moment (a command typed, a screen shown); what makes it evidence is mostly what follows (the
 * command's output, the next prompt), and a little lead-in shows what was on screen before. The
 * services clip nothing: the anchor covers the session's records in this range, and the reviewer
 * can widen or narrow it in the form before adding.
 */
export const HIT_BEFORE_US = 5_000_000;
export const HIT_AFTER_US = 30_000_000;

export function hitParams(hit: Pick<SearchHitView, 'sessionId' | 'tsUs'>): RouteParams {
  return sessionRangeParams(hit.sessionId, { fromUs: hit.tsUs - HIT_BEFORE_US, toUs: hit.tsUs + HIT_AFTER_US });
}

/**
 * The sessions running at some time within a range, from timeline events (each session's `start`
 * and `end`); a session without an end event is taken as still running. In order of first start.
 */
export function sessionsInRange(events: readonly TimelineEventView[], range: Range): number[] {
  const spans = new Map<number, { start: number | null; end: number | null }>();
  for (const e of events) {
    if (e.sessionId === null || (e.kind !== 'start' && e.kind !== 'end')) continue;
    const span = spans.get(e.sessionId) ?? { start: null, end: null };
    if (e.kind === 'start') span.start = e.tsUs;
    else span.end = e.tsUs;
    spans.set(e.sessionId, span);
  }
  return [...spans.entries()]
    .filter(([, s]) => (s.start ?? -Infinity) <= range.toUs && (s.end ?? Infinity) >= range.fromUs)
    .sort((a, b) => (a[1].start ?? 0) - (b[1].start ?? 0))
    .map(([id]) => id);
}
