import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  NoteKeyError,
  ed25519KeyId,
  formatKeyId,
  formatVerifierKey,
  generateKey,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
} from '../../electron/core/note-keys.js';

// Test keys from golang.org/x/mod sumdb/note/note_test.go (TestNewVerifier, TestNewSigner,
// TestVerifierList) and the package doc example in sumdb/note/note.go.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
// The Go checksum database key, as built into the go command
// (golang/go src/cmd/go/internal/modfetch/key.go, knownGOSUMDB).
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof NoteKeyError ? e.code : `not a NoteKeyError: ${String(e)}`;
  }
  return undefined;
}

describe('verifier keys', () => {
  it('parses the Go test keys and recomputes their key IDs', () => {
    for (const [text, name, id] of [
      [PETER_VKEY, 'PeterNeumann', 0xc74f20a3],
      [ENOCH_VKEY, 'EnochRoot', 0xaf0cfe78],
      [SUMDB_VKEY, 'sum.golang.org', 0x033de0ae],
    ] as const) {
      const k = parseVerifierKey(text);
      expect(k.name).toBe(name);
      expect(k.keyId).toBe(id);
      expect(k.text).toBe(text);
      expect(k.rawPublicKey.length).toBe(32);
      expect(k.publicKey.asymmetricKeyType).toBe('ed25519');
      expect(ed25519KeyId(name, k.rawPublicKey)).toBe(id);
      expect(formatVerifierKey(name, k.rawPublicKey)).toBe(text);
    }
  });

  // note_test.go TestNewVerifier: every proper substring and every single-character
  // increment of the key must be rejected.
  it('rejects every substring and every one-character mangling (Go TestNewVerifier)', () => {
    const b = PETER_VKEY;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(codeOf(() => parseVerifierKey(b.slice(i, j))), b.slice(i, j)).toBeDefined();
      }
    }
    for (let i = 0; i < b.length; i++) {
      const mangled = b.slice(0, i) + String.fromCharCode(b.charCodeAt(i) + 1) + b.slice(i + 1);
      expect(codeOf(() => parseVerifierKey(mangled)), mangled).toBeDefined();
    }
  });

  it('gives specific errors (Go TestNewVerifier bad keys and more)', () => {
    // "wrong length key, with adjusted key hash" (note_test.go). Go's lenient base64 decodes
    // "…BADKEY==" (its last character has non-zero unused bits) and then fails on length;
    // our strict base64 already refuses the encoding.
    expect(codeOf(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('invalid-key-data');
    // A canonically encoded key of the wrong length reaches the length check.
    const short = Buffer.concat([Buffer.of(1), Buffer.alloc(31, 7)]).toString('base64');
    expect(codeOf(() => parseVerifierKey(`PeterNeumann+c74f20a3+${short}`))).toBe('wrong-key-length');
    expect(() => parseVerifierKey(`PeterNeumann+c74f20a3+${short}`)).toThrow(/must be 32 bytes after the type byte, got 31/);
    // "unknown algorithm, with adjusted key hash" (note_test.go)
    expect(codeOf(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unknown-algorithm');
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/unknown signature type 0x65/);
    expect(codeOf(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('key-id-mismatch');
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/expected c74f20a3/);
    expect(codeOf(() => parseVerifierKey('PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('invalid-key-id');
    expect(codeOf(() => parseVerifierKey('PeterNeumann+0xc74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('invalid-key-id');
    expect(codeOf(() => parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('invalid-name');
    expect(codeOf(() => parseVerifierKey('+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('invalid-name');
    expect(codeOf(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW'))).toBe('invalid-key-data');
    expect(codeOf(() => parseVerifierKey('PeterNeumann+c74f20a3+'))).toBe('invalid-key-data');
    expect(codeOf(() => parseVerifierKey('PeterNeumann+c74f20a3'))).toBe('malformed-key');
    expect(codeOf(() => parseVerifierKey(''))).toBe('malformed-key');
  });

  it('accepts an uppercase key ID like Go (strconv.ParseUint base 16) and normalises the text', () => {
    const k = parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(k.keyId).toBe(0xc74f20a3);
    expect(k.text).toBe(PETER_VKEY);
  });
});

describe('signer keys', () => {
  it('parses the Go test signer key; its public half is the Go test verifier key', () => {
    const s = parseSignerKey(PETER_SKEY);
    expect(s.name).toBe('PeterNeumann');
    expect(s.keyId).toBe(0xc74f20a3);
    expect(s.verifierKey).toBe(PETER_VKEY);
    expect(s.rawPublicKey.equals(parseVerifierKey(PETER_VKEY).rawPublicKey)).toBe(true);
  });

  // note_test.go TestNewSigner.
  it('rejects every substring and every one-character mangling (Go TestNewSigner)', () => {
    const b = PETER_SKEY;
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        expect(codeOf(() => parseSignerKey(b.slice(i, j))), b.slice(i, j)).toBeDefined();
      }
    }
    for (let i = 0; i < b.length; i++) {
      const mangled = b.slice(0, i) + String.fromCharCode(b.charCodeAt(i) + 1) + b.slice(i + 1);
      expect(codeOf(() => parseSignerKey(mangled)), mangled).toBeDefined();
    }
  });

  it('gives specific errors and never echoes the secret', () => {
    const cases: [string, string][] = [
      ['PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'key-id-mismatch'],
      ['PRIVATE+KEY+PeterNeumann+c74f20a3+AlEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'unknown-algorithm'],
      ['PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKA==', 'wrong-key-length'],
      ['PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'malformed-key'],
      ['PRIVATE+KEY+Peter\u00a0Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'invalid-name'],
    ];
    for (const [text, code] of cases) {
      expect(codeOf(() => parseSignerKey(text)), text).toBe(code);
      try {
        parseSignerKey(text);
      } catch (e) {
        expect((e as Error).message).not.toContain('AYEKFALVFGyNhPJEMzD1');
      }
    }
  });
});

describe('generateKey', () => {
  it('produces a signer/verifier pair that parses and matches (Go TestGenerateKey)', () => {
    const { skey, vkey } = generateKey('EnochRoot');
    const s = parseSignerKey(skey);
    const v = parseVerifierKey(vkey);
    expect(s.name).toBe('EnochRoot');
    expect(v.name).toBe('EnochRoot');
    expect(s.keyId).toBe(v.keyId);
    expect(s.verifierKey).toBe(vkey);
    expect(vkey).toMatch(/^EnochRoot\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(skey).toMatch(/^PRIVATE\+KEY\+EnochRoot\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const msg = Buffer.from('hi');
    const sig = crypto.sign(null, msg, s.privateKey);
    expect(crypto.verify(null, msg, v.publicKey, sig)).toBe(true);
    sig[0] = (sig[0] as number) ^ 1;
    expect(crypto.verify(null, msg, v.publicKey, sig)).toBe(false);
  });

  it('rejects invalid names', () => {
    expect(codeOf(() => generateKey('a+b'))).toBe('invalid-name');
    expect(codeOf(() => generateKey(''))).toBe('invalid-name');
    expect(codeOf(() => formatVerifierKey('x', Buffer.alloc(31)))).toBe('wrong-key-length');
  });
});

describe('key names and IDs', () => {
  it('follows the signed-note name rule (no Unicode spaces, no plus, non-empty)', () => {
    expect(isValidKeyName('example.com/log42')).toBe(true);
    expect(isValidKeyName('quasimodo.example/salvatore')).toBe(true);
    expect(isValidKeyName('caf\u00e9')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\tb', 'a\nb', 'a\u00a0b', 'a\u2003b', 'a\u3000b', 'a\u0085b', 'a\ud800b']) {
      expect(isValidKeyName(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('formats key IDs as 8 lowercase hex digits', () => {
    expect(formatKeyId(0x033de0ae)).toBe('033de0ae');
    expect(formatKeyId(0)).toBe('00000000');
    expect(formatKeyId(0xffffffff)).toBe('ffffffff');
  });
});
