// Reads a bundle's `checkpoint` entry: a signed note, or a bare checkpoint body when unsigned
// (docs/bundle-format.md §5). Syntax only; signatures are checked in signature-checks.ts.
import { parseCheckpointBody, parseCheckpoint, type CheckpointBody } from '../../core/checkpoint.js';
import type { NoteSignature } from '../../core/signed-note.js';

export interface ReadCheckpoint extends CheckpointBody {
  /** The signed text (the body lines). */
  text: string;
  signatures: readonly NoteSignature[];
  /** The whole entry as stored. */
  raw: string;
}

export function readCheckpoint(raw: string): ReadCheckpoint {
  if (!raw.includes('\n\n')) {
    const body = parseCheckpointBody(raw);
    return { ...body, text: raw, signatures: [], raw };
  }
  const checkpoint = parseCheckpoint(raw);
  return { ...checkpoint, text: checkpoint.note.text, signatures: checkpoint.note.signatures, raw };
}
