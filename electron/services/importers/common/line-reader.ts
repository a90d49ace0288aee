// Splits a byte stream into `\n`-terminated lines, keeping each line's number and byte offset so
// problems can name them. Lines are Buffers (not strings): several formats must slice bytes.
// A line longer than `maxLineBytes` is not accumulated (a binary file has no newlines); it is
// reported as `tooLong` and skipped up to its end.

export interface Line {
  /** The line's bytes without the terminating `\n` (a trailing `\r` is kept). */
  bytes: Buffer;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the stream. */
  offset: number;
  /** False for a last line that does not end in `\n`. */
  terminated: boolean;
  /** Set when the line exceeded maxLineBytes; `bytes` is then empty and `length` the real length. */
  tooLong?: boolean;
  length: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 << 20;

export async function* readLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let skipping = false; // inside a line that is already too long
  let lineNo = 0;
  let lineStart = 0; // offset of the current line's first byte
  let position = 0; // offset of the current chunk's first byte
  for await (const chunk of chunks) {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl === -1 ? chunk.length : nl;
      if (!skipping) {
        if (pendingLength + (end - from) > maxLineBytes) {
          skipping = true;
          pending = [];
        } else if (end > from) {
          pending.push(chunk.subarray(from, end));
        }
      }
      pendingLength += end - from;
      if (nl === -1) break;
      lineNo += 1;
      yield finish(true);
      from = nl + 1;
      lineStart = position + from;
    }
    position += chunk.length;
  }
  if (pendingLength > 0 || skipping) {
    lineNo += 1;
    yield finish(false);
  }

  function finish(terminated: boolean): Line {
    const length = pendingLength;
    const line: Line = skipping
      ? { bytes: Buffer.alloc(0), line: lineNo, offset: lineStart, terminated, tooLong: true, length }
      : {
          bytes: pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingLength),
          line: lineNo,
          offset: lineStart,
          terminated,
          length,
        };
    if (pending.length === 0 && !skipping) line.bytes = Buffer.alloc(0);
    pending = [];
    pendingLength = 0;
    skipping = false;
    return line;
  }
}
