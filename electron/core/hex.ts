// Strict text encodings of bytes: lowercase hex and standard, padded base64.
//
// Why strict: every byte string we read from a bundle (hashes, signatures, keys) is
// evidence. Node's own decoders are lenient (Buffer.from(s, 'hex') stops at the first bad
// character; Buffer.from(s, 'base64') skips junk and accepts missing padding), so two
// different texts could decode to the same bytes, or a truncated text could decode
// "successfully". These helpers accept exactly one text per byte string and throw
// otherwise.

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

// RFC 4648 §4 standard alphabet with mandatory '=' padding (what C2SP signed-note and
// tlog-checkpoint call "base64", and what Go's base64.StdEncoding produces).
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Lowercase hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Decode hex (either case, even length, nothing else). With `expectedLength`, the decoded
 * byte length must match too, e.g. 32 for a SHA-256 hash.
 */
export function fromHex(text: string, expectedLength?: number): Buffer {
  if (!HEX_RE.test(text)) {
    throw new TypeError(`invalid hex: expected an even number of hex digits, got ${describe(text)}`);
  }
  const out = Buffer.from(text, 'hex');
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new TypeError(`invalid hex: expected ${expectedLength} bytes, got ${out.length}`);
  }
  return out;
}

/** Standard padded base64 (RFC 4648 §4) of the bytes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decode standard padded base64, rejecting anything that is not the canonical encoding of
 * its bytes: wrong alphabet (including base64url), missing or extra padding, whitespace,
 * and non-zero unused bits in the last character (so each byte string has exactly one
 * accepted text; otherwise e.g. a signature line could be re-encoded without changing
 * the signature bytes).
 */
export function fromBase64(text: string, expectedLength?: number): Buffer {
  if (!BASE64_RE.test(text)) {
    throw new TypeError(`invalid base64: ${describe(text)} is not standard padded base64 (RFC 4648 §4)`);
  }
  const out = Buffer.from(text, 'base64');
  if (out.toString('base64') !== text) {
    throw new TypeError('invalid base64: non-canonical encoding (unused bits in the last character are not zero)');
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new TypeError(`invalid base64: expected ${expectedLength} bytes, got ${out.length}`);
  }
  return out;
}

/** Non-throwing variant of fromBase64 for parsers that report their own errors. */
export function tryFromBase64(text: string): Buffer | undefined {
  if (!BASE64_RE.test(text)) return undefined;
  const out = Buffer.from(text, 'base64');
  return out.toString('base64') === text ? out : undefined;
}

function describe(text: string): string {
  return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}… (${text.length} chars)` : JSON.stringify(text);
}
