// Reads seal input: JSON lines of events (records without prev/seq). Streams, so event files of
// any size are sealed in bounded memory; every error names the file and line.
import { createReadStream } from 'node:fs';
import { LineSplitter } from '../../core/line-splitter.js';
import type { TrailEvent } from '../../core/records.js';
import { normalizeTimestamp } from '../../core/timestamp.js';
import type { SourcedEvent } from './seal-bundle.js';

export class EventInputError extends Error {}

export async function* readEventLines(file: string): AsyncGenerator<SourcedEvent> {
  const lines = new LineSplitter();
  let lineNo = 0;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const { bytes } of lines.push(chunk)) {
      lineNo += 1;
      const event = parseEventLine(bytes, file, lineNo);
      if (event !== null) yield { event, from: `${file}:${lineNo}` };
    }
  }
  const last = lines.end();
  if (last !== null) {
    lineNo += 1;
    const event = parseEventLine(last.bytes, file, lineNo);
    if (event !== null) yield { event, from: `${file}:${lineNo}` };
  }
}

function parseEventLine(bytes: Buffer, file: string, line: number): TrailEvent | null {
  const text = bytes.toString('utf8').trim();
  if (text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EventInputError(`${file}:${line}: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventInputError(`${file}:${line}: an event must be a JSON object`);
  }
  const event = value as Record<string, unknown>;
  if (typeof event.ts === 'string') {
    try {
      event.ts = normalizeTimestamp(event.ts);
    } catch (error) {
      throw new EventInputError(`${file}:${line}: field "ts": ${(error as Error).message}`);
    }
  }
  return event as TrailEvent;
}
