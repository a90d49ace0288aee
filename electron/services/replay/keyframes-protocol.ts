// Messages between keyframes-thread.ts (the caller's thread) and keyframes-worker.ts.
import type { KeyframeIndex } from './keyframe-types.js';

/** workerData of a keyframe build: the options of buildKeyframes that cross a thread, plus a cancel flag. */
export interface KeyframesTask {
  bundlePath: string;
  evidenceSha256: string;
  recordsBytes: number;
  outputBytes?: number;
  fileBytes?: number;
  /** Int32Array over it: element 0 becomes 1 to cancel (read by the worker between records). */
  cancel: SharedArrayBuffer;
}

export type KeyframesReply =
  | { kind: 'progress'; bytesDone: number; bytesTotal: number }
  | { kind: 'done'; index: KeyframeIndex }
  | { kind: 'failed'; message: string; cancelled: boolean };
