// Signed-note key formats, compatible with Go's golang.org/x/mod/sumdb/note (NewVerifier,
// NewSigner, GenerateKey) and the key ID rule of C2SP signed-note (https://c2sp.org/signed-note,
// "Signatures" and "Ed25519 signatures"):
//
//   key ID        = SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4], big-endian
//   verifier key  = <name>+<key ID, 8 hex>+base64(0x01 || 32-byte public key)
//   signer key    = PRIVATE+KEY+<name>+<key ID, 8 hex>+base64(0x01 || 32-byte seed)
//
// Only Ed25519 (signature type 0x01) is supported: it is the only type Go's note package
// implements and the only one Trailview signs with.
//
// Keys are parsed into node:crypto KeyObjects once, here: verifying with a ready KeyObject
// costs ~107 µs against ~182 µs when the raw key is re-imported on every call.
//
// Errors never echo signer-key text (it is a secret).

import crypto, { type KeyObject } from 'node:crypto';
import { tryFromBase64 } from './hex.js';
import { sha256 } from './sha256.js';

/** Signature type byte for Ed25519, C2SP signed-note "Signature types". */
export const SIG_TYPE_ED25519 = 0x01;
export const ED25519_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

// DER wrappers that turn a raw Ed25519 key into the forms node:crypto imports
// (RFC 8410): PKCS#8 PrivateKeyInfo around a 32-byte seed, SPKI around a 32-byte key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type NoteKeyErrorCode =
  | 'malformed-key'
  | 'invalid-name'
  | 'invalid-key-id'
  | 'invalid-key-data'
  | 'unknown-algorithm'
  | 'wrong-key-length'
  | 'key-id-mismatch';

export class NoteKeyError extends Error {
  readonly code: NoteKeyErrorCode;
  constructor(code: NoteKeyErrorCode, message: string) {
    super(message);
    this.name = 'NoteKeyError';
    this.code = code;
  }
}

/** A parsed verifier (public) key, ready to verify with. */
export interface VerifierKey {
  readonly name: string;
  /** uint32 key ID. */
  readonly keyId: number;
  readonly publicKey: KeyObject;
  /** The 32-byte Ed25519 public key. */
  readonly rawPublicKey: Buffer;
  /** Canonical verifier key text (lowercase key ID). */
  readonly text: string;
}

/** A parsed signer (private) key, ready to sign with. */
export interface SignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly rawPublicKey: Buffer;
  /** The matching verifier key text, safe to publish. */
  readonly verifierKey: string;
}

/**
 * C2SP signed-note "Format": key names MUST be non-empty and MUST NOT contain any Unicode
 * spaces or plus (U+002B). \p{White_Space} is the Unicode White_Space property, which is
 * what Go's unicode.IsSpace tests. Lone surrogates (not representable in UTF-8) are
 * rejected too.
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\p{White_Space}+]/u.test(name) && !/\p{Cs}/u.test(name);
}

/** Key ID of an Ed25519 key: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || key). */
export function ed25519KeyId(name: string, rawPublicKey: Uint8Array): number {
  return keyIdOf(name, Buffer.concat([Buffer.of(SIG_TYPE_ED25519), rawPublicKey]));
}

/** Key ID over an already type-prefixed key encoding (Go's keyHash). */
function keyIdOf(name: string, typedKey: Uint8Array): number {
  return sha256(Buffer.from(name, 'utf8'), Buffer.of(0x0a), typedKey).readUInt32BE(0);
}

/** The 8-digit lowercase hex form of a key ID, as in key texts and Go error messages. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** Verifier key text for a name and raw 32-byte Ed25519 public key (Go's NewEd25519VerifierKey). */
export function formatVerifierKey(name: string, rawPublicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteKeyError('invalid-name', `invalid key name ${JSON.stringify(name)}: must be non-empty, without spaces or '+'`);
  if (rawPublicKey.length !== ED25519_KEY_SIZE) {
    throw new NoteKeyError('wrong-key-length', `Ed25519 public key must be ${ED25519_KEY_SIZE} bytes, got ${rawPublicKey.length}`);
  }
  const typed = Buffer.concat([Buffer.of(SIG_TYPE_ED25519), rawPublicKey]);
  return `${name}+${formatKeyId(keyIdOf(name, typed))}+${typed.toString('base64')}`;
}

/** A fresh Ed25519 key pair for `name`, as signer key text (secret) and verifier key text. */
export function generateKey(name: string): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) throw new NoteKeyError('invalid-name', `invalid key name ${JSON.stringify(name)}: must be non-empty, without spaces or '+'`);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const seed = rawSeed(privateKey);
  const pub = rawPublic(publicKey);
  const keyId = ed25519KeyId(name, pub);
  const skey = `PRIVATE+KEY+${name}+${formatKeyId(keyId)}+${Buffer.concat([Buffer.of(SIG_TYPE_ED25519), seed]).toString('base64')}`;
  return { skey, vkey: formatVerifierKey(name, pub) };
}

/** Parse and check a verifier key `<name>+<8 hex>+<base64(0x01 || key)>`. */
export function parseVerifierKey(text: string): VerifierKey {
  const fields = splitFields(text, 2);
  if (fields === undefined) {
    throw new NoteKeyError('malformed-key', 'malformed verifier key: expected <name>+<key id>+<key data>');
  }
  const [name = '', hex = '', data = ''] = fields;
  const { keyId, key } = checkCommon(name, hex, data, 'verifier');
  if (keyIdOf(name, key) !== keyId) {
    throw new NoteKeyError('key-id-mismatch', `verifier key ${name}+${hex}: key id does not match the key (expected ${formatKeyId(keyIdOf(name, key))})`);
  }
  const raw = Buffer.from(key.subarray(1));
  return {
    name,
    keyId,
    publicKey: importPublic(raw),
    rawPublicKey: raw,
    text: `${name}+${formatKeyId(keyId)}+${data}`,
  };
}

/** Parse and check a signer key `PRIVATE+KEY+<name>+<8 hex>+<base64(0x01 || seed)>`. */
export function parseSignerKey(text: string): SignerKey {
  const fields = splitFields(text, 4);
  if (fields === undefined || fields[0] !== 'PRIVATE' || fields[1] !== 'KEY') {
    throw new NoteKeyError('malformed-key', 'malformed signer key: expected PRIVATE+KEY+<name>+<key id>+<key data>');
  }
  const [, , name = '', hex = '', data = ''] = fields;
  const { keyId, key } = checkCommon(name, hex, data, 'signer');
  // The key ID is over the PUBLIC key, so derive it from the seed before checking.
  const privateKey = importSeed(key.subarray(1));
  const publicKey = crypto.createPublicKey(privateKey);
  const raw = rawPublic(publicKey);
  if (ed25519KeyId(name, raw) !== keyId) {
    throw new NoteKeyError('key-id-mismatch', `signer key for ${name}: key id ${hex} does not match the key`);
  }
  return { name, keyId, privateKey, publicKey, rawPublicKey: raw, verifierKey: formatVerifierKey(name, raw) };
}

/**
 * Split at the first `n` '+' signs into n + 1 fields. Names never contain '+', but base64
 * does, so the key data is everything after the last separator (Go's chop does the same).
 */
function splitFields(text: string, n: number): string[] | undefined {
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < n; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

function checkCommon(name: string, hex: string, data: string, kind: 'verifier' | 'signer'): { keyId: number; key: Buffer } {
  if (!isValidKeyName(name)) {
    throw new NoteKeyError('invalid-name', `${kind} key: invalid key name ${JSON.stringify(name)}: must be non-empty, without spaces or '+'`);
  }
  // Go parses the ID with strconv.ParseUint(h, 16, 32) after checking len(h) == 8, so
  // either case of hex digit is accepted; nothing else is.
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) {
    throw new NoteKeyError('invalid-key-id', `${kind} key ${name}: key id must be 8 hex digits`);
  }
  const key = tryFromBase64(data);
  if (key === undefined || key.length === 0) {
    throw new NoteKeyError('invalid-key-data', `${kind} key ${name}: key data is not non-empty standard base64`);
  }
  const type = key[0] as number;
  if (type !== SIG_TYPE_ED25519) {
    throw new NoteKeyError('unknown-algorithm', `${kind} key ${name}: unknown signature type 0x${type.toString(16).padStart(2, '0')} (only 0x01 Ed25519 is supported)`);
  }
  if (key.length !== 1 + ED25519_KEY_SIZE) {
    throw new NoteKeyError('wrong-key-length', `${kind} key ${name}: Ed25519 key must be ${ED25519_KEY_SIZE} bytes after the type byte, got ${key.length - 1}`);
  }
  return { keyId: Number.parseInt(hex, 16), key };
}

function importPublic(raw: Uint8Array): KeyObject {
  try {
    return crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch (e) {
    throw new NoteKeyError('invalid-key-data', `not a valid Ed25519 public key: ${(e as Error).message}`);
  }
}

function importSeed(seed: Uint8Array): KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublic(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  if (der.length !== SPKI_ED25519_PREFIX.length + ED25519_KEY_SIZE || !der.subarray(0, SPKI_ED25519_PREFIX.length).equals(SPKI_ED25519_PREFIX)) {
    throw new Error('unexpected Ed25519 SPKI encoding');
  }
  return Buffer.from(der.subarray(SPKI_ED25519_PREFIX.length));
}

function rawSeed(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  if (der.length !== PKCS8_ED25519_PREFIX.length + ED25519_KEY_SIZE || !der.subarray(0, PKCS8_ED25519_PREFIX.length).equals(PKCS8_ED25519_PREFIX)) {
    throw new Error('unexpected Ed25519 PKCS#8 encoding');
  }
  return Buffer.from(der.subarray(PKCS8_ED25519_PREFIX.length));
}
