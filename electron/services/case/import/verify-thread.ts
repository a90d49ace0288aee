// Verifying an item on its own thread (verify-worker.ts) while the import thread indexes it.
// Verification's scan workers are handed their parts by whichever thread runs verifyBundle; on the
// import thread they waited whenever the index was busy for seconds without yielding (building a
// shard's indexes and full-text tables), and the cores stood idle (issue 4: 6 s of the 1M-command
// import). On this thread they are handed out at once. Its workers run in the background
// (threads/thread-priority.ts): the index thread is the longer chain.
import { Worker } from 'node:worker_threads';
import type { BundleVerification } from '../../verify/verify-bundle.js';
import { builtWorkerScript } from '../../threads/worker-script.js';

export interface VerifyRequest {
  bundle: string;
  /** Trusted verifier keys, as text (parsed on the thread). */
  trusted: string[];
  savedCheckpoints: Array<{ raw: string; from: string }>;
}

export type VerifyReply =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'verified'; result: BundleVerification }
  | { kind: 'failed'; message: string };

/** The compiled worker next to this module, or the build's copy when running from sources (tests). */
function workerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'verify-worker.js');
}

/** Whether verification can run on its own thread here (the worker script is built). */
export function verifyThreadAvailable(): boolean {
  return workerScript() !== null;
}

/** verifyBundle (in the background) on a worker thread; the thread ends with its answer. */
export function verifyInThread(request: VerifyRequest, onProgress: (done: number, total: number) => void): Promise<BundleVerification> {
  const script = workerScript();
  if (script === null) return Promise.reject(new Error('internal: the verify worker is not built'));
  return new Promise<BundleVerification>((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    let settled = false;
    const settle = (run: () => void): void => {
      if (settled) return;
      settled = true;
      run();
      void worker.terminate();
    };
    worker.on('message', (reply: VerifyReply) => {
      if (reply.kind === 'progress') onProgress(reply.done, reply.total);
      else if (reply.kind === 'verified') settle(() => resolve(reply.result));
      else settle(() => reject(new Error(reply.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the verification thread stopped early (exit code ${code})`))));
  });
}
