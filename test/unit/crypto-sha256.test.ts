import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyRoot, leafHash, nodeHash, sha256 } from '../../electron/core/sha256.js';
import { fromBase64, fromHex, toBase64, toHex, tryFromBase64 } from '../../electron/core/hex.js';

const ref = (...parts: Uint8Array[]): string => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

describe('RFC 6962 hasher vectors', () => {
  // Source: transparency-dev/merkle rfc6962/rfc6962_test.go, TestRFC6962Hasher.
  it('empty tree root = SHA-256 of the empty string', () => {
    expect(toHex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('hash of an empty leaf differs from the empty root', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });
  it('leaf "L123456"', () => {
    expect(toHex(leafHash(Buffer.from('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
  });
  it('node ("N123", "N456")', () => {
    expect(toHex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });
  it('is second-preimage resistant and order dependent (rfc6962_test.go TestRFC6962HasherCollisions)', () => {
    const h1 = leafHash(Buffer.from('Hello'));
    const h2 = leafHash(Buffer.from('World'));
    expect(h1.equals(h2)).toBe(false);
    const sub = nodeHash(h1, h2);
    expect(sub.equals(leafHash(Buffer.concat([h1, h2])))).toBe(false);
    expect(sub.equals(nodeHash(h2, h1))).toBe(false);
  });
});

describe('sha256 / leafHash / nodeHash against createHash', () => {
  it('sha256 of one and of several parts', () => {
    expect(toHex(sha256(Buffer.from('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 "abc"
    expect(toHex(sha256(Buffer.from('a'), Buffer.from('b'), Buffer.from('c')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('leafHash is right for every size, across scratch-buffer growth and the large-line path', () => {
    const sizes = [0, 1, 31, 32, 33, 200, 4095, 4096, 4097, 10_000, 70_000, (1 << 20) - 1, 1 << 20, (1 << 20) + 5];
    for (const n of sizes) {
      const line = crypto.randomBytes(n);
      expect(toHex(leafHash(line)), `size ${n}`).toBe(ref(Buffer.of(0), line));
    }
    // A short line after a long one must not see stale scratch bytes.
    const short = Buffer.from('x');
    expect(toHex(leafHash(short))).toBe(ref(Buffer.of(0), short));
  });

  it('leafHash accepts a Uint8Array view into a larger buffer', () => {
    const big = crypto.randomBytes(100);
    const view = new Uint8Array(big.buffer, big.byteOffset + 10, 50);
    expect(toHex(leafHash(view))).toBe(ref(Buffer.of(0), big.subarray(10, 60)));
  });

  it('leafHash / nodeHash results are independent buffers', () => {
    const a = leafHash(Buffer.from('a'));
    const aHex = toHex(a);
    leafHash(Buffer.from('b'));
    expect(toHex(a)).toBe(aHex);
    const n1 = nodeHash(a, a);
    const n1Hex = toHex(n1);
    nodeHash(n1, a);
    expect(toHex(n1)).toBe(n1Hex);
  });

  it('nodeHash = SHA-256(0x01 || left || right)', () => {
    const l = crypto.randomBytes(32);
    const r = crypto.randomBytes(32);
    expect(toHex(nodeHash(l, r))).toBe(ref(Buffer.of(1), l, r));
  });

  it('emptyRoot returns a fresh copy', () => {
    const e = emptyRoot();
    e[0] = 0;
    expect(toHex(emptyRoot()).startsWith('e3b0')).toBe(true);
  });
});

describe('hex and base64 helpers', () => {
  it('round-trips and validates hex', () => {
    expect(toHex(fromHex('00ff10Ab'))).toBe('00ff10ab');
    expect(() => fromHex('abc')).toThrow(/even number of hex digits/);
    expect(() => fromHex('zz')).toThrow(/invalid hex/);
    expect(() => fromHex('00', 32)).toThrow(/expected 32 bytes, got 1/);
  });

  it('accepts only canonical standard padded base64', () => {
    expect(toBase64(fromBase64('AQID'))).toBe('AQID');
    expect(fromBase64('AQ==')).toEqual(Buffer.of(1));
    expect(() => fromBase64('AQ')).toThrow(/not standard padded base64/); // missing padding
    expect(() => fromBase64('AQ=')).toThrow(/not standard padded base64/);
    expect(() => fromBase64('_-8=')).toThrow(/not standard padded base64/); // base64url
    expect(() => fromBase64('AQ==\n')).toThrow(/not standard padded base64/);
    expect(() => fromBase64('AR==')).toThrow(/non-canonical/); // unused bits set
    expect(() => fromBase64('AQ==', 2)).toThrow(/expected 2 bytes, got 1/);
    expect(tryFromBase64('AR==')).toBeUndefined();
    expect(tryFromBase64('')).toEqual(Buffer.alloc(0));
  });
});
