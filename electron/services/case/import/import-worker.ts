// Worker thread of the import pipeline (import-evidence.ts): runs one item at a time, posting
// throttled progress, and stops at the next chunk once the shared cancel flag is set.
import { parentPort, workerData } from 'node:worker_threads';
import { CaseError } from '../case-error.js';
import { ImportCancelled } from './index-builder.js';
import { runImportItem } from './import-item.js';
import type { FromWorker, ToWorker, WorkerProgress } from './import-types.js';

const flag = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel);
const PROGRESS_EVERY_MS = 100;

parentPort?.on('message', (message: ToWorker) => {
  if (message.kind !== 'run') return;
  let lastPost = 0;
  let lastPhase = '';
  const progress = (p: WorkerProgress): void => {
    const now = performance.now();
    if (p.phase === lastPhase && now - lastPost < PROGRESS_EVERY_MS && p.bytesDone < p.bytesTotal) return;
    lastPost = now;
    lastPhase = p.phase;
    post({ kind: 'progress', progress: p });
  };
  runImportItem(message.task, { progress, cancelled: () => Atomics.load(flag, 0) === 1 }).then(
    (result) => post({ kind: 'result', result }),
    (error: unknown) =>
      post({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof CaseError ? error.code : null,
        cancelled: error instanceof ImportCancelled,
      }),
  );
});

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}
