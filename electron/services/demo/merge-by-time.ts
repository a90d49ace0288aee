// Merges several lazily generated, individually time-ordered event streams into one stream in
// global non-decreasing `ts` order, holding only one pending event per source (a binary min-heap).
// Canonical timestamps have a fixed width, so comparing them as strings compares them as times.
// Ties are broken by source position, which keeps the merge deterministic.

interface Head<T> {
  item: T;
  source: Iterator<T>;
  index: number;
}

function before<T extends { ts: string }>(x: Head<T>, y: Head<T>): boolean {
  if (x.item.ts !== y.item.ts) return x.item.ts < y.item.ts;
  return x.index < y.index;
}

export function* mergeByTime<T extends { ts: string }>(sources: readonly Iterable<T>[]): Generator<T> {
  const heap: Head<T>[] = [];

  const push = (head: Head<T>): void => {
    heap.push(head);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Head<T>;
      if (!before(head, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = head;
  };

  const siftDown = (head: Head<T>): void => {
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as Head<T>, heap[left] as Head<T>)) child = right;
      const c = heap[child] as Head<T>;
      if (!before(c, head)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = head;
  };

  sources.forEach((iterable, index) => {
    const source = iterable[Symbol.iterator]();
    const first = source.next();
    if (first.done !== true) push({ item: first.value, source, index });
  });

  while (heap.length > 0) {
    const top = heap[0] as Head<T>;
    const item = top.item;
    const next = top.source.next();
    if (next.done === true) {
      const last = heap.pop() as Head<T>;
      if (heap.length > 0) siftDown(last);
    } else {
      if (next.value.ts < item.ts) {
        throw new Error(`source ${top.index} went back in time: ${next.value.ts} after ${item.ts}`);
      }
      top.item = next.value;
      siftDown(top);
    }
    yield item;
  }
}
