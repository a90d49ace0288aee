// Streams the records of a bundle as parsed objects, for the commands that use a bundle's
// content (inspect, export). It does not verify: callers that need certainty run verifyBundle.
import { LineSplitter } from '../../core/line-splitter.js';
import type { TrailRecord } from '../../core/records.js';
import { openBundle } from './open-bundle.js';

export class RecordReadError extends Error {}

export interface RecordLine {
  /** 1-based line number (= seq in an intact log). */
  line: number;
  /** The line's bytes without its newline (what the leaf hash covers). */
  bytes: Buffer;
}

/**
 * The lines of a bundle's records.jsonl with their exact bytes. `name` is how errors name the
 * bundle (a case-relative path for case readers); `onBytes` sees each chunk read.
 */
export async function* readRecordLineBytes(bundlePath: string, name = bundlePath, onBytes?: (bytes: number) => void): AsyncGenerator<RecordLine> {
  const source = await openBundle(bundlePath);
  try {
    if (source.entry('records.jsonl') === undefined) throw new RecordReadError(`${name}: the bundle has no records.jsonl`);
    const stream = await source.openEntryStream('records.jsonl', { highWaterMark: 1 << 20 });
    const lines = new LineSplitter();
    let line = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      for (const { bytes } of lines.push(chunk)) {
        line += 1;
        yield { line, bytes };
      }
    }
    if (lines.end() !== null) throw new RecordReadError(`${name}: records.jsonl line ${line + 1} is cut off (no final newline)`);
  } finally {
    await source.close();
  }
}

export async function* readBundleRecords(bundlePath: string): AsyncGenerator<TrailRecord> {
  for await (const { line, bytes } of readRecordLineBytes(bundlePath)) yield parse(bytes, bundlePath, line);
}

function parse(bytes: Buffer, bundlePath: string, line: number): TrailRecord {
  try {
    return JSON.parse(bytes.toString('utf8')) as TrailRecord;
  } catch (error) {
    throw new RecordReadError(`${bundlePath}: records.jsonl line ${line} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether a path is a Trail bundle (zip or directory with the bundle layout), by content. */
export async function isTrailBundle(candidate: string): Promise<boolean> {
  try {
    const source = await openBundle(candidate);
    try {
      return source.entry('records.jsonl') !== undefined && source.entry('manifest.json') !== undefined;
    } finally {
      await source.close();
    }
  } catch {
    return false;
  }
}
