// Positional reads of byte ranges (lines found by an index pass) through a 1 MiB block cache:
// reading a file's lines in (almost) file order costs one read per MiB, not one per line.
import type { FileHandle } from 'node:fs/promises';
import { CHUNK_SIZE } from './file-source.js';

export class BlockReader {
  private block = Buffer.alloc(0);
  private blockStart = 0;

  constructor(private readonly handle: FileHandle) {}

  async read(offset: number, length: number): Promise<Buffer> {
    if (offset >= this.blockStart && offset + length <= this.blockStart + this.block.length) {
      return this.block.subarray(offset - this.blockStart, offset - this.blockStart + length);
    }
    const size = Math.max(CHUNK_SIZE, length);
    const buffer = Buffer.allocUnsafe(size);
    const { bytesRead } = await this.handle.read(buffer, 0, size, offset);
    this.block = buffer.subarray(0, bytesRead);
    this.blockStart = offset;
    return this.block.subarray(0, Math.min(length, bytesRead));
  }
}
