// Reading recordings without holding them in memory: files are streamed in 1 MiB chunks (smaller
// chunks halve throughput, see shared PERF-NOTES §1), gzip members through zlib streams.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export const CHUNK_SIZE = 1 << 20;

/**
 * The file's bytes from `start` up to (not including) `end`, in chunks of up to 1 MiB. Buffers are
 * sized to what is left, so a small file does not cost a 1 MiB allocation, and each chunk is a
 * fresh buffer (consumers may keep slices of it).
 */
export async function* fileChunks(path: string, start = 0, end = Infinity): AsyncGenerator<Buffer> {
  if (end <= start) return;
  const handle = await open(path, 'r');
  try {
    const limit = Math.min(end, (await handle.stat()).size);
    let position = start;
    while (position < limit) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, limit - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return; // the file shrank while being read
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Whether the bytes start with the gzip magic number (RFC 1952 §2.3.1). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The file's bytes, gunzipped when it is a gzip file (sudo `compress_io`). */
export async function maybeGunzipChunks(path: string): Promise<{ chunks: AsyncIterable<Buffer>; gzip: boolean }> {
  const head = await readHead(path, 2);
  if (!isGzip(head)) return { chunks: fileChunks(path), gzip: false };
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const input = Readable.from(fileChunks(path));
  input.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => input.destroy()); // a consumer that stops early closes the file too
  input.pipe(gunzip);
  return { chunks: gunzip as AsyncIterable<Buffer>, gzip: true };
}

/** Up to `length` bytes from the start of the file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
