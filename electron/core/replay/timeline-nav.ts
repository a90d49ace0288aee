// Stepping through the timeline: previous/next event of a kind from the moment shown. Events are
// sorted by time; a step from exactly an event's time goes to the one after (or before) it, so
// pressing "next" repeatedly walks through events that share nothing but their order.

export type TimelineKind = 'start' | 'end' | 'join' | 'leave' | 'command' | 'flag' | 'finding';

/** What the step buttons step over. */
export type StepKind = 'event' | 'command' | 'join-leave' | 'flag';

const STEP_KINDS: Record<StepKind, ReadonlySet<TimelineKind>> = {
  event: new Set<TimelineKind>(['start', 'end', 'join', 'leave', 'command', 'flag', 'finding']),
  command: new Set<TimelineKind>(['command']),
  'join-leave': new Set<TimelineKind>(['join', 'leave']),
  flag: new Set<TimelineKind>(['flag', 'finding']),
};

export interface TimedEvent {
  tsUs: number;
  kind: TimelineKind;
}

/** Index of the first event with tsUs > t (events sorted by tsUs). */
function firstAfter(events: readonly TimedEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TimedEvent).tsUs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next event of that step kind strictly after wallUs, or null. */
export function nextEvent<E extends TimedEvent>(events: readonly E[], wallUs: number, step: StepKind): E | null {
  const kinds = STEP_KINDS[step];
  for (let i = firstAfter(events, wallUs); i < events.length; i++) {
    const e = events[i] as E;
    if (kinds.has(e.kind)) return e;
  }
  return null;
}

/** The previous event of that step kind strictly before wallUs, or null. */
export function previousEvent<E extends TimedEvent>(events: readonly E[], wallUs: number, step: StepKind): E | null {
  const kinds = STEP_KINDS[step];
  for (let i = firstAfter(events, wallUs - 1) - 1; i >= 0; i--) {
    const e = events[i] as E;
    if (kinds.has(e.kind)) return e;
  }
  return null;
}
