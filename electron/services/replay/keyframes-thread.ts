// Builds keyframes in a worker thread (keyframes-worker.ts), so the thread that asked (the import,
// the API server of `trailview serve`) keeps serving while xterm parses the output. Same options
// and result as buildKeyframes; cancellation is polled here and handed over through shared memory.
// Without a compiled worker script (sources run without a build) it builds in this thread.
import { Worker } from 'node:worker_threads';
import { buildKeyframes, KeyframesCancelled, type BuildKeyframesOptions } from './build-keyframes.js';
import type { KeyframeIndex } from './keyframe-types.js';
import type { KeyframesReply, KeyframesTask } from './keyframes-protocol.js';
import { builtWorkerScript } from '../threads/worker-script.js';

/** How often the caller's `cancelled()` is asked while the worker runs. */
const CANCEL_POLL_MS = 50;

export async function buildKeyframesInWorker(o: BuildKeyframesOptions): Promise<KeyframeIndex> {
  const script = keyframesWorkerScript();
  if (script === null) return buildKeyframes(o);
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const task: KeyframesTask = {
    bundlePath: o.bundlePath,
    evidenceSha256: o.evidenceSha256,
    recordsBytes: o.recordsBytes,
    ...(o.outputBytes === undefined ? {} : { outputBytes: o.outputBytes }),
    ...(o.fileBytes === undefined ? {} : { fileBytes: o.fileBytes }),
    cancel,
  };
  if (o.cancelled?.() === true) throw new KeyframesCancelled();
  const worker = new Worker(script, { workerData: task });
  const poll = setInterval(() => {
    if (o.cancelled?.() === true) Atomics.store(flag, 0, 1);
  }, CANCEL_POLL_MS);
  try {
    return await new Promise<KeyframeIndex>((resolve, reject) => {
      let settled = false;
      worker.on('message', (reply: KeyframesReply) => {
        if (reply.kind === 'progress') o.progress?.(reply.bytesDone, reply.bytesTotal);
        else if (reply.kind === 'done') {
          settled = true;
          resolve(reply.index);
        } else {
          settled = true;
          reject(reply.cancelled ? new KeyframesCancelled() : new Error(reply.message));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`the keyframe worker stopped (exit code ${code}) before finishing ${o.bundlePath}`));
      });
    });
  } finally {
    clearInterval(poll);
    // Done, failed or cancelled: the worker has nothing left to do (its bundle handles close on exit).
    await worker.terminate();
  }
}

/** The compiled worker next to this module, or the build's copy when running from sources (tests). */
export function keyframesWorkerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'keyframes-worker.js');
}
