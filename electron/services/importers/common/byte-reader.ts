// Sequential exact-length reads over a chunked byte stream (a file or a gunzip stream): the
// timing files of sudo, script and the ttyrec headers say "take N bytes next", and N rarely lines
// up with the 1 MiB read chunks.

export class ByteReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private buffered: Buffer[] = [];
  private bufferedLength = 0;
  private ended = false;
  /** Bytes handed out so far. */
  position = 0;

  constructor(chunks: AsyncIterable<Buffer>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** The next `n` bytes if they are already buffered (no await on the hot path), else null. */
  tryRead(n: number): Buffer | null {
    if (this.bufferedLength < n) return null;
    this.position += n;
    return this.take(n);
  }

  /** The next `n` bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    while (this.bufferedLength < n && !this.ended) await this.pull();
    const take = Math.min(n, this.bufferedLength);
    const out = this.take(take);
    this.position += take;
    return out;
  }

  /** Whether at least one more byte is available. */
  async hasMore(): Promise<boolean> {
    while (this.bufferedLength === 0 && !this.ended) await this.pull();
    return this.bufferedLength > 0;
  }

  /** Everything left, in chunks of at most `maxChunk` bytes (for bytes no timing entry covers). */
  async *rest(maxChunk: number): AsyncGenerator<Buffer> {
    while (await this.hasMore()) yield await this.read(Math.min(maxChunk, Math.max(this.bufferedLength, 1)));
  }

  /** Stops reading (closes the underlying file or zlib stream). */
  async close(): Promise<void> {
    this.ended = true;
    this.buffered = [];
    this.bufferedLength = 0;
    await this.iterator.return?.();
  }

  private async pull(): Promise<void> {
    const next = await this.iterator.next();
    if (next.done === true) {
      this.ended = true;
      return;
    }
    if (next.value.length > 0) {
      this.buffered.push(next.value);
      this.bufferedLength += next.value.length;
    }
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.buffered[0] as Buffer;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.buffered.shift();
      else this.buffered[0] = first.subarray(n);
      this.bufferedLength -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.buffered[0] as Buffer;
      const count = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, count);
      filled += count;
      if (count === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(count);
    }
    this.bufferedLength -= n;
    return out;
  }
}
