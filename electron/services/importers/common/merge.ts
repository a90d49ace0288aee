// Merges several sessions' event streams into one stream in time order (a sudo iolog_dir, several
// tlog recordings in one file). Sources are opened lazily, when the merge reaches their start time,
// so a directory of ten thousand sessions does not open ten thousand files at once.
import type { TrailEvent } from '../../../core/records.js';
import type { Timed } from './events.js';

export interface TimedSource {
  /** Time of the source's first event (its session.start). */
  startMicros: number;
  /** The source's events, in non-decreasing time, none earlier than startMicros. */
  open(): AsyncIterable<Timed>;
}

interface Head {
  timed: Timed;
  iterator: AsyncIterator<Timed>;
  order: number;
}

export function mergeByTime(sources: readonly TimedSource[]): AsyncIterable<TrailEvent> {
  // One session (the common case): no heap, just unwrap the events.
  if (sources.length === 1) return unwrap((sources[0] as TimedSource).open());
  return mergeMany(sources);
}

/** The events of a Timed stream, through a hand-written iterator (no generator per event). */
function unwrap(source: AsyncIterable<Timed>): AsyncIterable<TrailEvent> {
  return {
    [Symbol.asyncIterator]: () => {
      const inner = source[Symbol.asyncIterator]();
      return {
        next: async (): Promise<IteratorResult<TrailEvent>> => {
          const r = await inner.next();
          return r.done === true ? { done: true, value: undefined } : { done: false, value: r.value.event };
        },
        return: async (): Promise<IteratorResult<TrailEvent>> => {
          await inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

async function* mergeMany(sources: readonly TimedSource[]): AsyncGenerator<TrailEvent> {
  const pending = sources.map((source, order) => ({ source, order })).sort((a, b) => a.source.startMicros - b.source.startMicros || a.order - b.order);
  const heap: Head[] = [];
  let next = 0;
  try {
    for (;;) {
      // Open every source that starts no later than the earliest event waiting.
      while (next < pending.length) {
        const candidate = pending[next] as { source: TimedSource; order: number };
        const top = heap[0];
        if (top !== undefined && candidate.source.startMicros > top.timed.micros) break;
        next += 1;
        const iterator = candidate.source.open()[Symbol.asyncIterator]();
        const first = await iterator.next();
        if (first.done !== true) push(heap, { timed: first.value, iterator, order: candidate.order });
      }
      const top = heap[0];
      if (top === undefined) {
        if (next >= pending.length) return;
        continue;
      }
      yield top.timed.event;
      const following = await top.iterator.next();
      if (following.done === true) pop(heap);
      else {
        top.timed = following.value;
        siftDown(heap, 0);
      }
    }
  } finally {
    for (const head of heap) await head.iterator.return?.();
  }
}

function before(a: Head, b: Head): boolean {
  return a.timed.micros < b.timed.micros || (a.timed.micros === b.timed.micros && a.order < b.order);
}

function push(heap: Head[], item: Head): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Head, heap[parent] as Head)) break;
    [heap[i], heap[parent]] = [heap[parent] as Head, heap[i] as Head];
    i = parent;
  }
}

function pop(heap: Head[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown(heap: Head[], start: number): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < heap.length && before(heap[l] as Head, heap[best] as Head)) best = l;
    if (r < heap.length && before(heap[r] as Head, heap[best] as Head)) best = r;
    if (best === i) return;
    [heap[i], heap[best]] = [heap[best] as Head, heap[i] as Head];
    i = best;
  }
}
