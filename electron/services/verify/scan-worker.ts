// Worker thread for parallel verification (scan-log.ts). It reads its own byte range of a stored
// records.jsonl with its own file descriptor, so the two cores hash and parse different parts of
// the log at once. Reads use 1 MiB chunks: smaller chunks halve hashing throughput (PERF-NOTES §1).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CompactRange } from '../../core/compact-range.js';
import { RecordScanner } from '../../core/record-scanner.js';
import { lowerThisThreadPriority } from '../threads/thread-priority.js';
import type { WorkerReply, WorkerSetup, WorkerTask } from './scan-protocol.js';
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
  if (task.kind === 'count') {
    // Counting lines first lets every part know its first leaf index, so each worker builds its
    // own piece of the Merkle tree (a compact range) instead of the main thread hashing all nodes.
    let lines = 0;
    readRange(task.file, task.start, task.end, (chunk) => {
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) lines += 1;
    });
    return { kind: 'count', id: task.id, lines };
  }
  if (task.leafBegin !== null) {
    const range = new CompactRange(task.leafBegin);
    const scanner = new RecordScanner({ startOffset: task.entryOffset, onLeaf: (leaf) => range.append(leaf) });
    readRange(task.file, task.start, task.end, (chunk) => scanner.push(chunk));
    return { kind: 'scan', id: task.id, scan: serializeScan(scanner.end()), range: range.toState(), leaves: null };
  }
  const leaves: Buffer[] = [];
  const scanner = new RecordScanner({ startOffset: task.entryOffset, onLeaf: (leaf) => leaves.push(leaf) });
  readRange(task.file, task.start, task.end, (chunk) => scanner.push(chunk));
  const packed = new Uint8Array(leaves.length * 32);
  leaves.forEach((leaf, i) => packed.set(leaf, i * 32));
  return { kind: 'scan', id: task.id, scan: serializeScan(scanner.end()), range: null, leaves: packed };
}

if ((workerData as WorkerSetup | null)?.background === true) lowerThisThreadPriority();

parentPort?.on('message', (task: WorkerTask) => {
  try {
    const reply = run(task);
    parentPort?.postMessage(reply, reply.kind === 'scan' && reply.leaves !== null ? [reply.leaves.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort?.postMessage({ kind: 'error', id: task.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});
