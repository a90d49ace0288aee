// The import's last step (phase `keyframes`): replay keyframes for the evidence just committed,
// stored as CASE/keyframes/<sha256>.json. After the commit, so a failed or cancelled import never
// leaves keyframes behind, and a failure here (or a cancel) leaves the import standing: the
// keyframes are then built the first time the session is replayed (case-replay.ts). Built in a
// worker thread (keyframes-thread.ts): the import's (or the server's) event loop stays free.
import { resolveIn } from '../case/case-layout.js';
import { buildKeyframesInWorker } from './keyframes-thread.js';
import { writeKeyframes } from './keyframe-file.js';
import { recordsSize } from './record-lines.js';

export interface ImportedItem {
  status: string;
  sha256: string | null;
  storedAs: string | null;
  indexSource: string | null;
  problems: Array<{ severity: 'error' | 'warning' | 'note'; message: string }>;
}

/** Builds and stores keyframes for each imported item (in `outcomes` order, the import's items). */
export async function keyframesAfterImport(
  caseDir: string,
  outcomes: readonly ImportedItem[],
  progress: (item: number, bytesDone: number, bytesTotal: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const aborted = (): boolean => signal?.aborted === true;
  for (const [item, outcome] of outcomes.entries()) {
    if (outcome.status !== 'imported' || outcome.sha256 === null || outcome.storedAs === null) continue;
    if (aborted()) return;
    const bundlePath = resolveIn(caseDir, outcome.indexSource ?? outcome.storedAs);
    try {
      const bytes = await recordsSize(bundlePath);
      const index = await buildKeyframesInWorker({
        bundlePath,
        evidenceSha256: outcome.sha256,
        recordsBytes: bytes,
        cancelled: aborted,
        progress: (done, total) => progress(item, done, total),
      });
      await writeKeyframes(caseDir, index);
    } catch (error) {
      if (aborted()) return;
      outcome.problems.push({
        severity: 'note',
        message: `replay keyframes were not built (${error instanceof Error ? error.message : String(error)}); they will be built when a session of it is first replayed`,
      });
    }
  }
}
