// Open bundles kept for replay: playing asks for a little output many times a second per pane,
// and opening a ZIP (reading its central directory, checking names) for each ask would cost more
// than reading the output. A few are kept open and closed after a while unused.
import { openBundle } from '../bundle/open-bundle.js';
import type { BundleSource } from '../bundle/bundle-source.js';

const MAX_OPEN = 8;
const IDLE_MS = 30_000;

interface Entry {
  source: Promise<BundleSource>;
  users: number;
  timer: NodeJS.Timeout | null;
}

const open = new Map<string, Entry>();

function closeEntry(path: string, entry: Entry): void {
  if (open.get(path) === entry) open.delete(path);
  if (entry.timer !== null) clearTimeout(entry.timer);
  entry.source.then((s) => s.close()).catch(() => undefined);
}

/** Runs `use` with the bundle at `path` open (shared with other users of the same bundle). */
export async function withBundle<T>(path: string, use: (source: BundleSource) => Promise<T>): Promise<T> {
  let entry = open.get(path);
  if (entry === undefined) {
    if (open.size >= MAX_OPEN) {
      // Close the oldest one nobody is using (Map keeps insertion order).
      for (const [p, e] of open) {
        if (e.users === 0) {
          closeEntry(p, e);
          break;
        }
      }
    }
    entry = { source: openBundle(path), users: 0, timer: null };
    open.set(path, entry);
    const created = entry;
    created.source.catch(() => closeEntry(path, created));
  }
  const e = entry;
  e.users++;
  if (e.timer !== null) {
    clearTimeout(e.timer);
    e.timer = null;
  }
  try {
    return await use(await e.source);
  } finally {
    e.users--;
    if (e.users === 0 && open.get(path) === e) {
      e.timer = setTimeout(() => closeEntry(path, e), IDLE_MS);
      e.timer.unref();
    }
  }
}

/** Closes every kept bundle nobody is using now (a worker thread about to end: no handle left behind). */
export async function closeUnusedBundles(): Promise<void> {
  const closing: Array<Promise<void>> = [];
  for (const [path, entry] of [...open]) {
    if (entry.users > 0) continue;
    open.delete(path);
    if (entry.timer !== null) clearTimeout(entry.timer);
    closing.push(entry.source.then((s) => s.close()).catch(() => undefined));
  }
  await Promise.all(closing);
}
