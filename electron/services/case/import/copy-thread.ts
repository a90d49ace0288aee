// Copying an evidence file on its own thread (copy-worker.ts), with the same guarantees and hooks as
// copyFileHashed: byte-exact, hashed while written, original mtime kept, fsynced and made
// read-only (`durable`). Used when the index follows the copy (import-item.ts), so the copy is not
// slowed down by the index sharing its thread.
import { Worker } from 'node:worker_threads';
import { CopyCancelled, type CopiedFile, type CopyHooks } from '../evidence-files.js';
import { builtWorkerScript } from '../../threads/worker-script.js';

export interface CopyRequest {
  source: string;
  target: string;
}

export type CopyReply =
  | { kind: 'bytes'; bytes: number }
  | { kind: 'written'; bytes: number }
  | { kind: 'copied'; sha256: string; size: number }
  | { kind: 'durable'; error: string | null }
  | { kind: 'failed'; message: string; cancelled: boolean };

/** The compiled worker next to this module, or the build's copy when running from sources (tests). */
function workerScript(): URL | null {
  return builtWorkerScript(import.meta.url, 'copy-worker.js');
}

/** Whether copies can run on their own thread here (the worker script is built). */
export function copyThreadAvailable(): boolean {
  return workerScript() !== null;
}

/**
 * copyFileHashed on a worker thread. `cancelled` is asked after each chunk's progress; when it
 * says so the copy stops at its next chunk with CopyCancelled.
 */
export function copyFileInThread(source: string, target: string, hooks: CopyHooks = {}): Promise<CopiedFile> {
  const script = workerScript();
  if (script === null) return Promise.reject(new Error('internal: the copy worker is not built'));
  return new Promise<CopiedFile>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { source, target } satisfies CopyRequest });
    let copied = false;
    let markDurable: (error: Error | null) => void = () => undefined;
    const durable = new Promise<Error | null>((done) => (markDurable = done));
    let stopSent = false;
    const end = (): void => void worker.terminate();
    worker.on('message', (reply: CopyReply) => {
      switch (reply.kind) {
        case 'bytes':
          hooks.onBytes?.(reply.bytes);
          if (!stopSent && hooks.cancelled?.() === true) {
            stopSent = true;
            worker.postMessage({ kind: 'stop' });
          }
          return;
        case 'written':
          hooks.onWritten?.(reply.bytes);
          return;
        case 'copied':
          copied = true;
          resolve({ sha256: reply.sha256, size: reply.size, durable });
          return;
        case 'durable':
          markDurable(reply.error === null ? null : new Error(reply.error));
          end();
          return;
        case 'failed':
          reject(reply.cancelled ? new CopyCancelled('cancelled') : new Error(reply.message));
          markDurable(null);
          end();
          return;
      }
    });
    worker.on('error', (error) => {
      if (!copied) reject(error);
      markDurable(error);
    });
    worker.on('exit', (code) => {
      // After `durable` this changes nothing (both are settled); before, the copy is not safe.
      const error = new Error(`the copy thread stopped early (exit code ${code})`);
      if (!copied) reject(error);
      markDurable(error);
    });
  });
}
