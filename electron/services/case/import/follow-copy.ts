// Reading a file while it is being copied (import-item.ts): the index phase reads the bundle's
// records.jsonl from the staged copy right behind the copy, instead of waiting for the copy to end.
// The copy is one core's work and the index another's, so the two overlap on a 2-core machine.
//
// The index reads the staged copy's own bytes (never the source's), so what it describes is exactly
// the evidence stored. Where the entry lies in the file is taken from the source's ZIP directory
// before the copy starts, and checked against the copy's directory once it is complete
// (import-item.ts): a source changed while being read fails the import instead of being indexed.
import { open } from 'node:fs/promises';
import { openBundle } from '../../bundle/open-bundle.js';

/** Bytes of the file the copy has completed; readers wait here for the part they need. */
export class WrittenBytes {
  private written = 0;
  private error: Error | null = null;
  private finished = false;
  private waiters: Array<() => void> = [];

  /** The copy holds the first `bytes` bytes. */
  update(bytes: number): void {
    if (bytes > this.written) this.written = bytes;
    this.wake();
  }

  /** The copy is complete: every byte it will ever hold is there. */
  finish(): void {
    this.finished = true;
    this.wake();
  }

  /** The copy failed or was stopped: readers fail with this error. */
  fail(error: Error): void {
    this.error ??= error;
    this.wake();
  }

  /** Resolves once the first `bytes` bytes are written (or the copy ended with fewer). */
  async reach(bytes: number): Promise<number> {
    for (;;) {
      if (this.error !== null) throw this.error;
      if (this.written >= bytes || this.finished) return this.written;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Where a stored (uncompressed) records.jsonl lies in a ZIP bundle file; null when it cannot be read that way. */
export async function storedRecordsRange(bundle: string): Promise<{ start: number; end: number } | null> {
  let source;
  try {
    source = await openBundle(bundle);
  } catch {
    return null; // not readable as a bundle here: the import reports it on the usual path
  }
  try {
    const range = source.entry('records.jsonl')?.dataRange;
    return range === undefined ? null : { start: range.start, end: range.end };
  } finally {
    await source.close();
  }
}

const CHUNK = 1 << 20;

/**
 * Bytes [start, end) of `file`, in chunks of up to 1 MiB, each read only once the copy has written
 * it. Throws when the copy fails, or ends before `end`.
 */
export async function* followCopy(file: string, start: number, end: number, written: WrittenBytes): AsyncGenerator<Buffer> {
  if (end <= start) return;
  // The copy creates the file: it exists once its first bytes are written.
  await written.reach(Math.min(end, start + CHUNK));
  const handle = await open(file, 'r');
  try {
    let position = start;
    while (position < end) {
      const want = Math.min(end, position + CHUNK);
      const have = await written.reach(want);
      if (have < want) throw new Error(`the copy ended at byte ${have}, before the end of records.jsonl at byte ${end}`);
      const buffer = Buffer.allocUnsafe(want - position);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
        if (bytesRead === 0) throw new Error(`${file}: unexpected end of file at byte ${position + filled}`);
        filled += bytesRead;
      }
      position = want;
      yield buffer;
    }
  } finally {
    await handle.close();
  }
}
