// asciicast v1 is ONE JSON object whose "stdout" array holds every frame `[delay, data]`, so a long
// recording cannot go through JSON.parse whole. This scanner walks the bytes once, tracking strings
// and nesting, and hands out the top-level members (small: width, env, ...) and, separately, each
// element of "stdout" — never more than one element in memory.

export type V1Item =
  | { kind: 'member'; key: string; value: unknown }
  | { kind: 'frame'; value: unknown; offset: number }
  | { kind: 'problem'; message: string; offset: number };

const MAX_CAPTURE = 16 << 20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

type Mode = 'before' | 'member' | 'frames' | 'afterFrames' | 'after';

/** Walks the document; with `frames` false, stdout elements are skipped without being parsed. */
export async function* scanV1(chunks: AsyncIterable<Buffer>, frames: boolean): AsyncGenerator<V1Item> {
  let mode: Mode = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let capture: Buffer[] = [];
  let captureLength = 0;
  let captureFrom = -1; // index in the current chunk where the pending capture slice begins
  let captureOffset = 0;
  let overflow = false;
  let key: string | null = null; // the current member's key, once its colon has been seen
  let position = 0;

  const append = (chunk: Buffer, from: number, to: number): void => {
    if (to <= from || overflow) return;
    if (captureLength + (to - from) > MAX_CAPTURE) {
      overflow = true;
      capture = [];
      return;
    }
    capture.push(chunk.subarray(from, to));
    captureLength += to - from;
  };
  const begin = (index: number): void => {
    // Only boundaries matter for stdout elements that are skipped.
    if (mode === 'frames' && !frames) {
      captureFrom = -1;
      return;
    }
    capture = [];
    captureLength = 0;
    overflow = false;
    captureFrom = index;
    captureOffset = position + index;
  };
  const takeText = (chunk: Buffer, to: number): string | null => {
    append(chunk, captureFrom, to);
    captureFrom = -1;
    if (overflow) return null;
    return Buffer.concat(capture, captureLength).toString('utf8');
  };

  for await (const chunk of chunks) {
    if (captureFrom !== -1) captureFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        continue;
      }
      if (mode === 'before') {
        if (b === OPEN_BRACE) {
          depth = 1;
          mode = 'member';
          key = null;
          begin(i + 1);
        } else if (!isSpace(b)) {
          yield { kind: 'problem', message: 'the file does not start with a JSON object', offset: position + i };
          return;
        }
        continue;
      }
      if (mode === 'after') {
        if (!isSpace(b)) {
          yield { kind: 'problem', message: 'bytes follow the end of the JSON document; ignored', offset: position + i };
          return;
        }
        continue;
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        depth += 1;
        if (mode === 'member' && key === 'stdout' && depth === 2 && b === OPEN_BRACKET) {
          mode = 'frames';
          captureFrom = -1;
          begin(i + 1);
        }
        continue;
      }
      if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth -= 1;
        if (mode === 'frames' && depth === 1) {
          if (frames) yield* frame(takeText(chunk, i), captureOffset, true);
          captureFrom = -1;
          mode = 'afterFrames';
          continue;
        }
        if (depth === 0) {
          if (mode === 'member') yield* member(takeText(chunk, i), captureOffset);
          mode = 'after';
          captureFrom = -1;
        }
        continue;
      }
      if (mode === 'member' && depth === 1 && b === COLON && key === null) {
        const keyText = takeText(chunk, i);
        key = parseKey(keyText);
        begin(i + 1);
        continue;
      }
      if (b === COMMA) {
        if (mode === 'member' && depth === 1) {
          yield* member(takeText(chunk, i), captureOffset);
          key = null;
          begin(i + 1);
        } else if (mode === 'frames' && depth === 2) {
          if (frames) yield* frame(takeText(chunk, i), captureOffset, false);
          begin(i + 1);
        } else if (mode === 'afterFrames' && depth === 1) {
          mode = 'member';
          key = null;
          begin(i + 1);
        }
      }
    }
    if (captureFrom !== -1) {
      // In frames mode with `frames` off, nothing needs keeping: only the boundaries matter.
      if (mode !== 'frames' || frames) append(chunk, captureFrom, chunk.length);
    }
    position += chunk.length;
  }
  if (mode !== 'after') {
    yield { kind: 'problem', message: 'the file ends before the JSON document is complete (truncated)', offset: position };
  }

  function* member(textValue: string | null, offset: number): Generator<V1Item> {
    if (key === null) {
      if (textValue !== null && textValue.trim() !== '') {
        yield { kind: 'problem', message: 'a member of the top-level object has no key', offset };
      }
      return;
    }
    if (key === 'stdout') return;
    if (textValue === null) {
      yield { kind: 'problem', message: `header field "${key}" is larger than ${MAX_CAPTURE} bytes; ignored`, offset };
      return;
    }
    try {
      yield { kind: 'member', key, value: JSON.parse(textValue) };
    } catch {
      yield { kind: 'problem', message: `header field "${key}" is not valid JSON; ignored`, offset };
    }
  }

  function* frame(textValue: string | null, offset: number, last: boolean): Generator<V1Item> {
    if (textValue === null) {
      yield { kind: 'problem', message: `a frame is larger than ${MAX_CAPTURE} bytes; skipped`, offset };
      return;
    }
    if (last && textValue.trim() === '') return; // `[]` or a trailing `]`
    try {
      yield { kind: 'frame', value: JSON.parse(textValue), offset };
    } catch {
      yield { kind: 'problem', message: 'a frame is not valid JSON; skipped', offset };
    }
  }
}

function parseKey(textValue: string | null): string | null {
  if (textValue === null) return null;
  try {
    const parsed: unknown = JSON.parse(textValue);
    return typeof parsed === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
