// Worker thread that builds the keyframes of one evidence item (keyframes-thread.ts): the build
// is a long run of terminal parsing, and on the main thread it would stall the API server of
// `trailview serve` and the import's own progress reports for seconds.
import { parentPort, workerData } from 'node:worker_threads';
import { buildKeyframes, KeyframesCancelled } from './build-keyframes.js';
import type { KeyframesReply, KeyframesTask } from './keyframes-protocol.js';
import { closeUnusedBundles } from './open-sources.js';

const task = workerData as KeyframesTask;
const port = parentPort;
const cancelFlag = new Int32Array(task.cancel);
const reply = (message: KeyframesReply): void => port?.postMessage(message);

try {
  const index = await buildKeyframes({
    bundlePath: task.bundlePath,
    evidenceSha256: task.evidenceSha256,
    recordsBytes: task.recordsBytes,
    ...(task.outputBytes === undefined ? {} : { outputBytes: task.outputBytes }),
    ...(task.fileBytes === undefined ? {} : { fileBytes: task.fileBytes }),
    cancelled: () => Atomics.load(cancelFlag, 0) !== 0,
    progress: (bytesDone, bytesTotal) => reply({ kind: 'progress', bytesDone, bytesTotal }),
  });
  await closeUnusedBundles();
  reply({ kind: 'done', index });
} catch (error) {
  await closeUnusedBundles();
  reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error), cancelled: error instanceof KeyframesCancelled });
}
