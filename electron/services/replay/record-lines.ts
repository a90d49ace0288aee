// Reads records.jsonl of a bundle, or a byte range of it, line by line with each line's offset:
// replay reads the evidence on demand (read-only, byte-exact), never a copy of it.
import type { Readable } from 'node:stream';
import { LineSplitter } from '../../core/line-splitter.js';
import type { BundleSource } from '../bundle/bundle-source.js';
import { withBundle } from './open-sources.js';

export interface RecordLine {
  /** Byte offset of the line in records.jsonl. */
  offset: number;
  /** Offset just past the line's newline. */
  next: number;
  record: Record<string, unknown>;
}

export interface RecordRange {
  start?: number;
  end?: number;
  /** Called for lines that are not JSON objects (with their offset); replay shows what it can. */
  onMalformed?: (offset: number, why: string) => void;
  /** Only lines of this session are wanted: others are skipped without parsing when that is certain. */
  session?: string;
  /** Read size (default 1 MiB; a seek that needs a few hundred KiB reads less ahead). */
  chunkSize?: number;
}

const SESSION_KEY = Buffer.from('"session":"');

/**
 * Whether a raw line certainly belongs to another session: its first `"session":"` (writers put
 * `session` before any other field, bundle-format.md §3.2) holds a value without escapes that is
 * not the one wanted. Anything uncertain (escapes, no such key) is parsed and checked.
 */
function otherSession(line: Buffer, wanted: Buffer): boolean {
  const at = line.indexOf(SESSION_KEY);
  if (at < 0) return false;
  const from = at + SESSION_KEY.length;
  const end = line.indexOf(34, from); // the closing quote
  if (end < 0) return false;
  const value = line.subarray(from, end);
  if (value.includes(92)) return false; // a backslash: escaped, compare after parsing
  return !value.equals(wanted);
}

/** The size of records.jsonl in a bundle. */
export async function recordsSize(bundlePath: string): Promise<number> {
  return withBundle(bundlePath, async (source) => {
    const entry = source.entry('records.jsonl');
    if (entry === undefined) throw new Error(`${bundlePath}: the bundle has no records.jsonl`);
    return entry.size;
  });
}

/** The lines of records.jsonl (or of a range of it), in order. */
export async function* readRecordLines(bundlePath: string, range: RecordRange = {}): AsyncGenerator<RecordLine> {
  // The bundle stays open (shared, open-sources.ts) while the generator runs: a generator cannot
  // run inside withBundle's callback, so the lines are handed over through a small queue.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let sourceReady: (s: BundleSource) => void = () => undefined;
  let sourceFailed: (e: unknown) => void = () => undefined;
  const got = new Promise<BundleSource>((resolve, reject) => {
    sourceReady = resolve;
    sourceFailed = reject;
  });
  const using = withBundle(bundlePath, async (s) => {
    sourceReady(s);
    await held;
  }).catch(sourceFailed);
  const source = await got;
  let stream: Readable | null = null;
  try {
    const entry = source.entry('records.jsonl');
    if (entry === undefined) throw new Error(`${bundlePath}: the bundle has no records.jsonl`);
    const start = range.start ?? 0;
    const end = Math.min(range.end ?? entry.size, entry.size);
    if (start >= end) return;
    // The whole entry's CRC is checked by verification; ranges cannot be CRC-checked anyway.
    stream = await source.openEntryStream('records.jsonl', { start, end, highWaterMark: range.chunkSize ?? 1 << 20, verifyCrc: false });
    const lines = new LineSplitter(start);
    const wanted = range.session === undefined ? null : Buffer.from(range.session, 'utf8');
    const parse = (bytes: Buffer, offset: number): RecordLine | null => {
      if (wanted !== null && otherSession(bytes, wanted)) return null;
      try {
        const record: unknown = JSON.parse(bytes.toString('utf8'));
        if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
          return { offset, next: offset + bytes.length + 1, record: record as Record<string, unknown> };
        }
        range.onMalformed?.(offset, 'not a JSON object');
      } catch {
        range.onMalformed?.(offset, 'not valid JSON');
      }
      return null;
    };
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const { bytes, offset } of lines.push(chunk)) {
        const line = parse(bytes, offset);
        if (line !== null) yield line;
      }
    }
    // A last line without its newline (a cut log) is still shown.
    const cut = lines.end();
    if (cut !== null) {
      const line = parse(cut.bytes, cut.offset);
      if (line !== null) yield line;
    }
  } finally {
    // Stopped early (the moment was reached): the shared source stays open, this stream does not.
    stream?.destroy();
    release();
    await using;
  }
}
