// C2SP signed notes (https://c2sp.org/signed-note), byte-compatible with Go's
// golang.org/x/mod/sumdb/note (Open, Sign).
//
// Format (signed-note "Format"):
//   <text, ending in "\n">
//   "\n"                                  (a blank line)
//   "— " <key name> " " base64(key ID (4 bytes, big-endian) || signature) "\n"   (one or more)
// The text includes its final newline but not the blank line; it may itself contain blank
// lines, so text and signatures are split at the LAST blank line. The whole note must be
// valid UTF-8 with no ASCII control characters other than newline.
//
// Verification policy (signed-note "Signatures"): signatures from unknown keys (name and
// key ID not both matching a trusted key) are ignored; a signature from a known key that
// fails to verify rejects the whole note; a note with no verified signature is rejected.
//
// Errors are NoteFormatError with a stable `code` and a message saying what is wrong and
// where (1-based line numbers), because a rejected note is shown to a reviewer.

import crypto from 'node:crypto';
import { toBase64, tryFromBase64 } from './hex.js';
import { ED25519_SIGNATURE_SIZE, formatKeyId, isValidKeyName, type SignerKey, type VerifierKey } from './note-keys.js';

/** Em dash U+2014 and a space, the start of every signature line. */
const SIG_PREFIX = '\u2014 ';

/**
 * Upper bound on signature lines, as in Go's Open (it rejects more than 100). The spec
 * requires accepting at least 16 and asks verifiers to set some limit.
 */
export const MAX_SIGNATURES = 100;

export type NoteErrorCode =
  | 'invalid-utf8'
  | 'control-character'
  | 'missing-final-newline'
  | 'missing-blank-line'
  | 'no-signatures'
  | 'malformed-signature-line'
  | 'invalid-key-name'
  | 'invalid-signature-encoding'
  | 'signature-too-short'
  | 'too-many-signatures'
  | 'invalid-signature'
  | 'ambiguous-key'
  | 'no-verified-signature';

export class NoteFormatError extends Error {
  readonly code: NoteErrorCode;
  /** 1-based line of the note the error is about, when there is one. */
  readonly line: number | undefined;
  constructor(code: NoteErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'NoteFormatError';
    this.code = code;
    this.line = line;
  }
}

export interface NoteSignature {
  readonly name: string;
  /** uint32 key ID, the first 4 bytes of the decoded signature field. */
  readonly keyId: number;
  /** Signature bytes after the key ID (64 bytes for Ed25519). */
  readonly signature: Buffer;
  /** 1-based line number of the signature line in the note. */
  readonly line: number;
}

export interface Note {
  /** The signed text, including its final newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote {
  readonly note: Note;
  /** Signatures verified by a trusted key (one per key). */
  readonly verified: readonly NoteSignature[];
  /** Signatures from keys not in the trusted list (ignored, per the spec). */
  readonly unknown: readonly NoteSignature[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parse a signed note. Checks syntax only; see openNote / verifyNoteSignature for trust. */
export function parseNote(input: string | Uint8Array): Note {
  let msg: string;
  if (typeof input === 'string') {
    msg = input;
  } else {
    try {
      msg = utf8.decode(input);
    } catch {
      throw new NoteFormatError('invalid-utf8', 'note is not valid UTF-8');
    }
  }
  checkCharacters(msg, 'note');
  if (!msg.endsWith('\n')) {
    throw new NoteFormatError('missing-final-newline', 'note must end with a newline');
  }
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) {
    throw new NoteFormatError('missing-blank-line', 'note has no blank line separating the text from the signatures');
  }
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block === '') {
    throw new NoteFormatError('no-signatures', 'note has no signature lines after its last blank line');
  }
  // Line numbers: the text has one line per "\n"; then the blank line; then signatures.
  let line = countNewlines(text) + 2;
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw new NoteFormatError('too-many-signatures', `note has ${lines.length} signature lines, more than the limit of ${MAX_SIGNATURES}`);
  }
  const signatures: NoteSignature[] = [];
  for (const sigLine of lines) {
    signatures.push(parseSignatureLine(sigLine, line));
    line++;
  }
  return { text, signatures };
}

function parseSignatureLine(sigLine: string, line: number): NoteSignature {
  if (!sigLine.startsWith(SIG_PREFIX)) {
    throw new NoteFormatError(
      'malformed-signature-line',
      'expected a signature line "\u2014 <key name> <base64 signature>" (em dash U+2014, space); after the last blank line only signature lines may follow',
      line,
    );
  }
  const body = sigLine.slice(SIG_PREFIX.length);
  const space = body.indexOf(' ');
  if (space < 0) {
    throw new NoteFormatError('malformed-signature-line', 'signature line has no space between key name and signature', line);
  }
  const name = body.slice(0, space);
  const b64 = body.slice(space + 1);
  if (!isValidKeyName(name)) {
    throw new NoteFormatError('invalid-key-name', `invalid key name ${JSON.stringify(name)}: must be non-empty, without spaces or '+'`, line);
  }
  if (b64.includes(' ')) {
    throw new NoteFormatError('malformed-signature-line', 'signature line has more than two fields (key names cannot contain spaces)', line);
  }
  const raw = tryFromBase64(b64);
  if (raw === undefined || b64 === '') {
    throw new NoteFormatError('invalid-signature-encoding', `signature of ${name} is not standard padded base64`, line);
  }
  // 4-byte key ID plus at least one byte of signature, as Go's Open requires.
  if (raw.length < 5) {
    throw new NoteFormatError('signature-too-short', `signature of ${name} is ${raw.length} bytes; need a 4-byte key ID and a signature`, line);
  }
  return { name, keyId: raw.readUInt32BE(0), signature: Buffer.from(raw.subarray(4)), line };
}

/**
 * Enforce "valid UTF-8 and no ASCII control characters other than newline". A JS string
 * cannot hold invalid UTF-8, but it can hold a lone surrogate, which has no UTF-8 form.
 */
function checkCharacters(s: string, what: 'note' | 'note text'): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) {
      throw new NoteFormatError(
        'control-character',
        `${what} contains control character U+${c.toString(16).toUpperCase().padStart(4, '0')} (only newline is allowed)`,
        countNewlines(s.slice(0, i)) + 1,
      );
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
      } else {
        throw new NoteFormatError('invalid-utf8', `${what} contains a lone surrogate (not valid UTF-8)`, countNewlines(s.slice(0, i)) + 1);
      }
    }
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Check that `text` can be the text of a note: non-empty, ends in "\n", allowed characters. */
function checkText(text: string): void {
  checkCharacters(text, 'note text');
  if (!text.endsWith('\n')) {
    throw new NoteFormatError('missing-final-newline', 'note text must end with a newline');
  }
}

/** Format a note from its text and signature lines (in the given order). */
export function formatNote(text: string, signatures: readonly Pick<NoteSignature, 'name' | 'keyId' | 'signature'>[]): string {
  checkText(text);
  if (signatures.length === 0) throw new NoteFormatError('no-signatures', 'a note needs at least one signature');
  if (signatures.length > MAX_SIGNATURES) {
    throw new NoteFormatError('too-many-signatures', `${signatures.length} signatures, more than the limit of ${MAX_SIGNATURES}`);
  }
  let out = text + '\n';
  for (const sig of signatures) {
    if (!isValidKeyName(sig.name)) {
      throw new NoteFormatError('invalid-key-name', `invalid key name ${JSON.stringify(sig.name)}: must be non-empty, without spaces or '+'`);
    }
    if (!Number.isInteger(sig.keyId) || sig.keyId < 0 || sig.keyId > 0xffffffff) {
      throw new NoteFormatError('invalid-signature-encoding', `key ID of ${sig.name} is not a uint32`);
    }
    if (sig.signature.length === 0) throw new NoteFormatError('signature-too-short', `empty signature for ${sig.name}`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(sig.keyId);
    out += `${SIG_PREFIX}${sig.name} ${toBase64(Buffer.concat([id, sig.signature]))}\n`;
  }
  return out;
}

/** Sign `text` with each signer (Ed25519, RFC 8032, over the UTF-8 text) and format the note. */
export function signNote(text: string, signers: readonly SignerKey[]): string {
  checkText(text);
  const msg = Buffer.from(text, 'utf8');
  return formatNote(
    text,
    signers.map((s) => ({ name: s.name, keyId: s.keyId, signature: crypto.sign(null, msg, s.privateKey) })),
  );
}

/**
 * Does `sig` verify over `note.text` with `verifier`? False when the signature's name or
 * key ID is not the verifier's (it is then not this key's signature at all), when the
 * signature has the wrong length, or when Ed25519 verification fails.
 */
export function verifyNoteSignature(note: Pick<Note, 'text'>, sig: Pick<NoteSignature, 'name' | 'keyId' | 'signature'>, verifier: VerifierKey): boolean {
  return verifyBytes(Buffer.from(note.text, 'utf8'), sig, verifier);
}

function verifyBytes(msg: Buffer, sig: Pick<NoteSignature, 'name' | 'keyId' | 'signature'>, verifier: VerifierKey): boolean {
  if (sig.name !== verifier.name || sig.keyId !== verifier.keyId) return false;
  if (sig.signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return crypto.verify(null, msg, verifier.publicKey, sig.signature);
  } catch {
    return false;
  }
}

/**
 * Parse a note and check it against the trusted keys, following the signed-note rules (and
 * Go's Open): unknown keys are collected in `unknown`; a known key's failing signature
 * throws 'invalid-signature'; two trusted keys with the same name and ID throw
 * 'ambiguous-key'; no verified signature throws 'no-verified-signature'. Every signature
 * line from a trusted key is verified; `verified` lists each key once.
 */
export function openNote(input: string | Uint8Array | Note, verifiers: readonly VerifierKey[]): OpenedNote {
  const note = typeof input === 'string' || input instanceof Uint8Array ? parseNote(input) : input;
  const msg = Buffer.from(note.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of note.signatures) {
    const id = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const matches = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (matches.length === 0) {
      unknown.push(sig);
      continue;
    }
    if (matches.length > 1) throw new NoteFormatError('ambiguous-key', `ambiguous key ${id}: more than one trusted key has this name and key ID`);
    // Every line from a known key is verified (the spec's MUST), even a repeat: Go's Open
    // skips repeats unverified, but a bad second line from a trusted key is suspicious.
    if (!verifyBytes(msg, sig, matches[0] as VerifierKey)) {
      throw new NoteFormatError('invalid-signature', `invalid signature for key ${id}`, sig.line);
    }
    if (seen.has(id)) continue;
    seen.add(id);
    verified.push(sig);
  }
  if (verified.length === 0) {
    throw new NoteFormatError('no-verified-signature', 'note has no verifiable signatures (none from a trusted key)');
  }
  return { note, verified, unknown };
}
