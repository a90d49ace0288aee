// Worker thread that copies one evidence file byte-exact while hashing it (copy-thread.ts). The
// copy runs here rather than in the import worker so that indexing the copy while it is written
// (follow-copy.ts) cannot slow the copy down: each has its own thread, and verification can start
// as soon as the copy is complete.
import { parentPort, workerData } from 'node:worker_threads';
import { CopyCancelled, copyFileHashed } from '../evidence-files.js';
import type { CopyReply, CopyRequest } from './copy-thread.js';

const request = workerData as CopyRequest;
/** Set by a `stop` message: the import was cancelled or failed elsewhere. */
let stopped = false;
/** Written-bytes messages at most this often (the reader waits for whole MiB chunks anyway). */
const REPORT_EVERY = 4 << 20;

parentPort?.on('message', (message: { kind: 'stop' }) => {
  if (message.kind === 'stop') stopped = true;
});

function post(reply: CopyReply): void {
  parentPort?.postMessage(reply);
}

async function main(): Promise<void> {
  let reported = 0;
  const copied = await copyFileHashed(request.source, request.target, {
    cancelled: () => stopped,
    onBytes: (bytes) => post({ kind: 'bytes', bytes }),
    onWritten: (bytes) => {
      if (bytes - reported < REPORT_EVERY) return;
      reported = bytes;
      post({ kind: 'written', bytes });
    },
  });
  post({ kind: 'written', bytes: copied.size });
  post({ kind: 'copied', sha256: copied.sha256, size: copied.size });
  const error = await copied.durable;
  post({ kind: 'durable', error: error === null ? null : error.message });
}

main().catch((error: unknown) => {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error), cancelled: error instanceof CopyCancelled });
});
