// Worker thread that verifies one item for the import (verify-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { parseVerifierKey } from '../../../core/note-keys.js';
import { parseSavedCheckpoint } from '../../verify/saved-checkpoint.js';
import { verifyBundle } from '../../verify/verify-bundle.js';
import type { VerifyReply, VerifyRequest } from './verify-thread.js';

const request = workerData as VerifyRequest;
/** Progress messages at most this often: the import shows it only while the index has not started. */
const REPORT_EVERY_MS = 100;

function post(reply: VerifyReply): void {
  parentPort?.postMessage(reply);
}

async function main(): Promise<void> {
  let reported = 0;
  const result = await verifyBundle(request.bundle, {
    trusted: request.trusted.map((text) => parseVerifierKey(text)),
    savedCheckpoints: request.savedCheckpoints.map((c) => parseSavedCheckpoint(c.raw, c.from)),
    background: true,
    onProgress: (done, total) => {
      const now = performance.now();
      if (done < total && now - reported < REPORT_EVERY_MS) return;
      reported = now;
      post({ kind: 'progress', done, total });
    },
  });
  post({ kind: 'verified', result });
}

main().catch((error: unknown) => {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
});
