// Splits a byte stream into `\n`-terminated lines, keeping each line's number and byte offset so
// problems can name them. Lines are Buffers (not strings): several formats must slice bytes.
// A line longer than `maxLineBytes` is not accumulated (a binary file has no newlines); it is
// reported as `tooLong` and skipped up to its end.
// The iterator is hand-written rather than an async generator: each chunk is split at once and
// its lines are handed out from a queue, which costs a fraction of a generator resumption per line
// (timing files have one line per keystroke).

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

const EMPTY = Buffer.alloc(0);

export function readLines(chunks: AsyncIterable<Buffer>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncIterable<Line> & AsyncIterator<Line> {
  return new LineIterator(chunks[Symbol.asyncIterator](), maxLineBytes);
}

class LineIterator implements AsyncIterableIterator<Line> {
  private queue: Line[] = [];
  private head = 0;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private skipping = false; // inside a line that is already too long
  private lineNo = 0;
  private lineStart = 0;
  private position = 0;
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly maxLineBytes: number,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Line>> {
    while (this.head >= this.queue.length) {
      if (this.ended) return { done: true, value: undefined };
      this.queue = [];
      this.head = 0;
      const chunk = await this.source.next();
      if (chunk.done === true) {
        this.ended = true;
        if (this.pendingLength > 0 || this.skipping) this.emit(false);
      } else this.split(chunk.value);
    }
    return { done: false, value: this.queue[this.head++] as Line };
  }

  async return(): Promise<IteratorResult<Line>> {
    this.ended = true;
    this.queue = [];
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  private split(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.skipping) {
        if (this.pendingLength + (end - from) > this.maxLineBytes) {
          this.skipping = true;
          this.pending = [];
        } else if (end > from) {
          this.pending.push(chunk.subarray(from, end));
        }
      }
      this.pendingLength += end - from;
      if (nl === -1) break;
      this.emit(true);
      from = nl + 1;
      this.lineStart = this.position + from;
    }
    this.position += chunk.length;
  }

  private emit(terminated: boolean): void {
    this.lineNo += 1;
    const length = this.pendingLength;
    let line: Line;
    if (this.skipping) line = { bytes: EMPTY, line: this.lineNo, offset: this.lineStart, terminated, tooLong: true, length };
    else {
      const bytes = this.pending.length === 0 ? EMPTY : this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, length);
      line = { bytes, line: this.lineNo, offset: this.lineStart, terminated, length };
    }
    this.queue.push(line);
    this.pending = [];
    this.pendingLength = 0;
    this.skipping = false;
  }
}
