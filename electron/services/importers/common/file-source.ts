// Reading recordings without holding them in memory: files are streamed in 1 MiB chunks (smaller
// chunks halve throughput, see shared PERF-NOTES §1), gzip members through zlib streams.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export const CHUNK_SIZE = 1 << 20;

/** The file's bytes from `start` up to (not including) `end`, in chunks of up to 1 MiB. */
export function fileChunks(path: string, start = 0, end = Infinity): AsyncIterable<Buffer> {
  if (end <= start) return emptyChunks();
  const options = end === Infinity ? { highWaterMark: CHUNK_SIZE, start } : { highWaterMark: CHUNK_SIZE, start, end: end - 1 };
  return createReadStream(path, options) as AsyncIterable<Buffer>;
}

async function* emptyChunks(): AsyncGenerator<Buffer> {
  // nothing to read
}

/** Whether the bytes start with the gzip magic number (RFC 1952 §2.3.1). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The file's bytes, gunzipped when it is a gzip file (sudo `compress_io`). */
export async function maybeGunzipChunks(path: string): Promise<{ chunks: AsyncIterable<Buffer>; gzip: boolean }> {
  const head = await readHead(path, 2);
  if (!isGzip(head)) return { chunks: fileChunks(path), gzip: false };
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const input = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  input.on('error', (error) => gunzip.destroy(error));
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
