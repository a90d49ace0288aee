// C2SP transparency-log checkpoints (https://c2sp.org/tlog-checkpoint): a signed note
// whose text is
//   <origin>\n
//   <tree size: ASCII decimal, no leading zeros ("0" for the empty tree)>\n
//   <root hash: base64 of the 32-byte RFC 6962 root>\n
//   <optional extension lines, each non-empty>\n...
// ("Note text": at least three non-empty lines). The note layer (signed-note.ts) enforces
// the character rules; this file enforces the line structure.
//
// The tree size is returned as a JS number and must not exceed Number.MAX_SAFE_INTEGER
// (2^53 - 1); a bundle that large is not something a workstation reviews.

import { HASH_SIZE } from './sha256.js';
import { toBase64, tryFromBase64 } from './hex.js';
import { openNote, parseNote, signNote, type Note, type NoteSignature } from './signed-note.js';
import type { SignerKey, VerifierKey } from './note-keys.js';

export type CheckpointErrorCode =
  | 'missing-final-newline'
  | 'too-few-lines'
  | 'empty-origin'
  | 'invalid-tree-size'
  | 'tree-size-too-large'
  | 'invalid-root-hash'
  | 'empty-extension-line'
  | 'invalid-origin';

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  /** 1-based line of the checkpoint text the error is about, when there is one. */
  readonly line: number | undefined;
  constructor(code: CheckpointErrorCode, message: string, line?: number) {
    super(line === undefined ? `checkpoint: ${message}` : `checkpoint line ${line}: ${message}`);
    this.name = 'CheckpointError';
    this.code = code;
    this.line = line;
  }
}

export interface CheckpointBody {
  readonly origin: string;
  readonly treeSize: number;
  /** 32-byte RFC 6962 / RFC 9162 Merkle tree root. */
  readonly rootHash: Buffer;
  readonly extensions: readonly string[];
}

export interface Checkpoint extends CheckpointBody {
  /** The signed note the checkpoint was read from. */
  readonly note: Note;
}

const TREE_SIZE_RE = /^(?:0|[1-9][0-9]*)$/;

/** Parse checkpoint note TEXT (the body, without signatures). */
export function parseCheckpointBody(text: string): CheckpointBody {
  if (!text.endsWith('\n')) throw new CheckpointError('missing-final-newline', 'text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new CheckpointError('too-few-lines', `expected at least 3 lines (origin, tree size, root hash), got ${lines.length}`);
  }
  const [origin = '', size = '', root = '', ...extensions] = lines;
  if (origin === '') throw new CheckpointError('empty-origin', 'origin (first line) is empty', 1);
  if (!TREE_SIZE_RE.test(size)) {
    throw new CheckpointError('invalid-tree-size', `tree size ${JSON.stringify(size)} is not a decimal number without leading zeros`, 2);
  }
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) {
    throw new CheckpointError('tree-size-too-large', `tree size ${size} is larger than ${Number.MAX_SAFE_INTEGER}`, 2);
  }
  const rootHash = tryFromBase64(root);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(
      'invalid-root-hash',
      rootHash === undefined ? 'root hash is not standard padded base64' : `root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`,
      3,
    );
  }
  extensions.forEach((ext, i) => {
    if (ext === '') throw new CheckpointError('empty-extension-line', 'extension lines must be non-empty', 4 + i);
  });
  return { origin, treeSize, rootHash, extensions };
}

/**
 * Parse a signed checkpoint note. Syntax only: it does NOT verify any signature; use
 * openCheckpoint for that.
 */
export function parseCheckpoint(noteText: string | Uint8Array): Checkpoint {
  const note = parseNote(noteText);
  return { ...parseCheckpointBody(note.text), note };
}

/**
 * Parse a checkpoint and check its signatures against the trusted keys (signed-note rules:
 * see openNote). Which key must have signed (normally the log key, whose name SHOULD be the
 * origin) is the caller's policy: pass only the keys you require.
 */
export function openCheckpoint(
  noteText: string | Uint8Array,
  verifiers: readonly VerifierKey[],
): Checkpoint & { verified: readonly NoteSignature[]; unknown: readonly NoteSignature[] } {
  const note = parseNote(noteText);
  const body = parseCheckpointBody(note.text);
  const { verified, unknown } = openNote(note, verifiers);
  return { ...body, note, verified, unknown };
}

/** The note text of a checkpoint, validated the same way parseCheckpointBody reads it. */
export function formatCheckpointBody(body: Omit<CheckpointBody, 'extensions'> & { extensions?: readonly string[] }): string {
  const { origin, treeSize, rootHash } = body;
  const extensions = body.extensions ?? [];
  if (origin === '') throw new CheckpointError('empty-origin', 'origin is empty');
  if (origin.includes('\n')) throw new CheckpointError('invalid-origin', 'origin must be a single line');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw new CheckpointError('invalid-tree-size', `tree size ${treeSize} is not a non-negative safe integer`);
  }
  if (rootHash.length !== HASH_SIZE) {
    throw new CheckpointError('invalid-root-hash', `root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`);
  }
  for (const ext of extensions) {
    if (ext === '' || ext.includes('\n')) throw new CheckpointError('empty-extension-line', 'extension lines must be single, non-empty lines');
  }
  const text = [origin, String(treeSize), toBase64(rootHash), ...extensions].join('\n') + '\n';
  // Round-trip through the parser so formatting can never produce what parsing rejects.
  parseCheckpointBody(text);
  return text;
}

/** Sign checkpoint text (from formatCheckpointBody) as a signed note. */
export function signCheckpoint(body: string, signers: readonly SignerKey[]): string {
  parseCheckpointBody(body);
  return signNote(body, signers);
}
