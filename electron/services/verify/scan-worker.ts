// Worker thread for parallel verification (scan-log.ts). It reads its own byte range of a stored
// records.jsonl with its own file descriptor, so the two cores hash and parse different parts of
// the log at once. Reads use 1 MiB chunks: smaller chunks halve hashing throughput (PERF-NOTES §1).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { RecordScanner } from '../../core/record-scanner.js';
import type { WorkerReply, WorkerTask } from './scan-protocol.js';
import { serializeScan } from './scan-protocol.js';

const CHUNK = 1 << 20;

function readRange(file: string, start: number, end: number, onChunk: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = start;
    while (position < end) {
      const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
      if (n === 0) throw new Error(`${file}: unexpected end of file at byte ${position} (expected data up to ${end})`);
      onChunk(buffer.subarray(0, n));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

function run(task: WorkerTask): WorkerReply {
  if (task.kind === 'sha256') {
    const hash = createHash('sha256');
    readRange(task.file, task.start, task.end, (chunk) => hash.update(chunk));
    return { kind: 'sha256', id: task.id, sha256: hash.digest('hex') };
  }
  let leaves = Buffer.allocUnsafe(32 * 4096);
  let count = 0;
  const scanner = new RecordScanner({
    startOffset: task.entryOffset,
    onLeaf: (leaf) => {
      if ((count + 1) * 32 > leaves.length) {
        const grown = Buffer.allocUnsafe(leaves.length * 2);
        leaves.copy(grown, 0, 0, count * 32);
        leaves = grown;
      }
      leaf.copy(leaves, count * 32);
      count += 1;
    },
  });
  readRange(task.file, task.start, task.end, (chunk) => scanner.push(chunk));
  const scan = scanner.end();
  const out = new Uint8Array(count * 32);
  out.set(leaves.subarray(0, count * 32));
  return { kind: 'scan', id: task.id, scan: serializeScan(scan), leaves: out };
}

parentPort?.on('message', (task: WorkerTask) => {
  try {
    const reply = run(task);
    parentPort?.postMessage(reply, reply.kind === 'scan' ? [reply.leaves.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort?.postMessage({ kind: 'error', id: task.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});
