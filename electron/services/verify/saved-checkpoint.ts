// A checkpoint remembered from an earlier verification (`trailview checkpoint save`), so a later
// bundle of the same origin can be checked for rollback or fork (docs/bundle-format.md §8).
import { readCheckpoint } from './read-checkpoint.js';

export interface SavedCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** The checkpoint note exactly as it was in the bundle. */
  raw: string;
  /** Where it was read from (a file or the trust store), for messages. */
  from: string;
}

export function parseSavedCheckpoint(raw: string, from: string): SavedCheckpoint {
  try {
    const cp = readCheckpoint(raw);
    return { origin: cp.origin, treeSize: cp.treeSize, rootHash: cp.rootHash, raw, from };
  } catch (error) {
    throw new Error(`${from}: not a saved checkpoint: ${(error as Error).message}`, { cause: error });
  }
}
