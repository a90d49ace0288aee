import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompactRange } from '../../electron/core/compact-range.js';
import { merkleRoot } from '../../electron/core/merkle.js';
import { emptyRoot, leafHash } from '../../electron/core/sha256.js';
import { fromHex, toHex } from '../../electron/core/hex.js';

// transparency-dev/merkle testonly/constants.go: LeafInputs(), NodeHashes(), CompactTrees(),
// RootHashes(). CompactTrees()[n] lists the node hashes a compact range [0, n) holds.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((s) =>
  leafHash(Buffer.from(s, 'hex')),
);
const nh = {
  l0: [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  l1: [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  l2: ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  l3: ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
};
const COMPACT_TREES: string[][] = [
  [],
  [nh.l0[0]!],
  [nh.l1[0]!],
  [nh.l1[0]!, nh.l0[2]!],
  [nh.l2[0]!],
  [nh.l2[0]!, nh.l0[4]!],
  [nh.l2[0]!, nh.l1[2]!],
  [nh.l2[0]!, nh.l1[2]!, nh.l0[6]!],
  [nh.l3[0]!],
];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function rangeOf(leaves: readonly Buffer[], begin: number, end: number): CompactRange {
  const r = new CompactRange(begin);
  for (let i = begin; i < end; i++) r.append(leaves[i] as Buffer);
  return r;
}

// Deterministic PRNG so a failure is reproducible.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

describe('CompactRange vs published vectors', () => {
  it('holds CompactTrees()[n] and gives RootHashes()[n] for n = 0..8', () => {
    const r = new CompactRange();
    for (let n = 0; n <= 8; n++) {
      if (n > 0) r.append(LEAVES[n - 1] as Buffer);
      expect(r.hashes().map(toHex), `size ${n}`).toEqual(COMPACT_TREES[n]);
      expect(toHex(r.root()), `root ${n}`).toBe(ROOTS[n]);
      expect(r.end).toBe(n);
    }
  });
});

describe('CompactRange vs merkleRoot', () => {
  const leaves = Array.from({ length: 301 }, (_, i) => leafHash(Buffer.from(`line ${i}\n`)));
  const rand = prng(0x7a11);

  it('append-all root == two-way merged root == merkleRoot for sizes 0..300 and random splits', () => {
    for (let n = 0; n <= 300; n++) {
      const want = toHex(merkleRoot(leaves, n));
      const all = rangeOf(leaves, 0, n);
      expect(toHex(all.root()), `append-all ${n}`).toBe(want);
      const splits = new Set([0, n, Math.floor(n / 2), Math.floor(rand() * (n + 1)), Math.floor(rand() * (n + 1))]);
      for (const s of splits) {
        const left = rangeOf(leaves, 0, s);
        left.appendRange(rangeOf(leaves, s, n));
        expect(toHex(left.root()), `size ${n} split at ${s}`).toBe(want);
        expect(left.hashes().map(toHex)).toEqual(all.hashes().map(toHex));
      }
    }
  });

  it('three-way merges in either association give the same range (worker-style merging)', () => {
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(rand() * 301);
      const [a, b] = [Math.floor(rand() * (n + 1)), Math.floor(rand() * (n + 1))].sort((x, y) => x - y) as [number, number];
      const want = toHex(merkleRoot(leaves, n));
      // (A + B) + C
      const ab = rangeOf(leaves, 0, a);
      ab.appendRange(rangeOf(leaves, a, b));
      ab.appendRange(rangeOf(leaves, b, n));
      expect(toHex(ab.root()), `(A+B)+C n=${n} a=${a} b=${b}`).toBe(want);
      // A + (B + C): the inner merge has begin != 0.
      const bc = rangeOf(leaves, a, b);
      bc.appendRange(rangeOf(leaves, b, n));
      expect(bc.begin).toBe(a);
      expect(bc.end).toBe(n);
      expect(bc.hashes().map(toHex), 'B+C equals the range built directly').toEqual(rangeOf(leaves, a, n).hashes().map(toHex));
      const a2 = rangeOf(leaves, 0, a);
      a2.appendRange(bc);
      expect(toHex(a2.root()), `A+(B+C) n=${n} a=${a} b=${b}`).toBe(want);
    }
  });

  it('many-way merges of random chunks (e.g. one chunk per worker)', () => {
    for (let trial = 0; trial < 50; trial++) {
      const n = Math.floor(rand() * 301);
      const cuts = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * (n + 1)));
      const bounds = [0, ...cuts.sort((x, y) => x - y), n];
      const acc = new CompactRange();
      for (let i = 0; i + 1 < bounds.length; i++) acc.appendRange(rangeOf(leaves, bounds[i] as number, bounds[i + 1] as number));
      expect(toHex(acc.root())).toBe(toHex(merkleRoot(leaves, n)));
    }
  });

  it('keeps O(log n) hashes', () => {
    const r = new CompactRange();
    const leaf = crypto.randomBytes(32);
    for (let i = 0; i < 5000; i++) {
      r.append(leaf);
      expect(r.hashes().length).toBeLessThanOrEqual(13);
    }
    expect(new CompactRange(1).hashes().length).toBe(0);
  });
});

describe('CompactRange state and errors', () => {
  const leaves = Array.from({ length: 100 }, (_, i) => leafHash(Buffer.from(`x${i}`)));

  it('round-trips through toState / fromState (e.g. posting from a worker)', () => {
    for (const [b, e] of [
      [0, 0],
      [0, 37],
      [5, 5],
      [5, 6],
      [13, 77],
      [64, 100],
    ] as const) {
      const r = rangeOf(leaves, b, e);
      const copy = CompactRange.fromState(structuredClone(r.toState()));
      expect(copy.begin).toBe(b);
      expect(copy.end).toBe(e);
      expect(copy.hashes().map(toHex)).toEqual(r.hashes().map(toHex));
      if (e < 100) {
        copy.append(leaves[e] as Buffer);
        expect(copy.hashes().map(toHex)).toEqual(rangeOf(leaves, b, e + 1).hashes().map(toHex));
      }
    }
  });

  it('rejects inconsistent snapshots', () => {
    const st = rangeOf(leaves, 13, 77).toState();
    expect(() => CompactRange.fromState({ ...st, hashes: st.hashes.slice(1) })).toThrow(/needs \d+ hashes/);
    expect(() => CompactRange.fromState({ ...st, end: 12 })).toThrow(RangeError);
    expect(() => CompactRange.fromState({ ...st, hashes: st.hashes.map(() => Buffer.alloc(31)) })).toThrow(/31 bytes/);
  });

  it('rejects non-adjacent merges, bad leaf hashes and root() of a range not starting at 0', () => {
    const a = rangeOf(leaves, 0, 10);
    expect(() => a.appendRange(rangeOf(leaves, 11, 20))).toThrow(/not adjacent/);
    expect(() => a.append(Buffer.alloc(20))).toThrow(/20 bytes/);
    expect(() => rangeOf(leaves, 3, 9).root()).toThrow(/starting at 0/);
    expect(() => new CompactRange(-1)).toThrow(RangeError);
  });

  it('empty range root is the empty-tree root', () => {
    expect(new CompactRange().root().equals(emptyRoot())).toBe(true);
    expect(toHex(new CompactRange().root())).toBe(toHex(fromHex(ROOTS[0] as string)));
  });
});
