// RFC 6962 / RFC 9162 Merkle tree: root, inclusion proofs, consistency proofs.
//
// The definitions followed here are RFC 9162 §2.1 (which restates RFC 6962 §2.1):
//   §2.1.1   MTH, the Merkle Tree Hash (merkleRoot)
//   §2.1.3.1 PATH, inclusion proof generation (inclusionProof)
//   §2.1.3.2 inclusion proof verification (verifyInclusion)
//   §2.1.4.1 PROOF / SUBPROOF, consistency proof generation (consistencyProof)
//   §2.1.4.2 consistency proof verification (verifyConsistency)
//
// Everything works on LEAF HASHES (SHA-256(0x00 || record), see sha256.ts leafHash), not
// on records, and never builds the whole tree: generation needs only random access to the
// leaf hashes (an array, or a LeafHashSource reading them from wherever they live) and
// O(log n) extra memory. The price is time: a root or a proof rehashes the subtrees it
// needs from the leaves, about n node hashes (~1 µs each), so a proof into a
// million-record bundle costs about a second. For streaming roots use CompactRange. Sizes are JS numbers; anything up to Number.MAX_SAFE_INTEGER
// works because no 32-bit bitwise operators are used on sizes or indices.

import { HASH_SIZE, emptyRoot, nodeHash } from './sha256.js';

/** Random access to the leaf hashes of a tree, for callers that do not hold an array. */
export interface LeafHashSource {
  readonly size: number;
  leafAt(index: number): Uint8Array;
}

export type LeafHashes = readonly Uint8Array[] | LeafHashSource;

interface Source {
  readonly size: number;
  at(index: number): Uint8Array;
}

function toSource(leaves: LeafHashes): Source {
  if (Array.isArray(leaves)) {
    const arr = leaves as readonly Uint8Array[];
    return {
      size: arr.length,
      at(i) {
        const h = arr[i];
        if (h === undefined) throw new RangeError(`no leaf hash at index ${i}`);
        return h;
      },
    };
  }
  const src = leaves as LeafHashSource;
  return { size: src.size, at: (i) => src.leafAt(i) };
}

/** Largest power of two strictly less than n (n >= 2): the "k" of RFC 9162 §2.1.1. */
function splitPoint(n: number): number {
  // Math.log2 may round up just below a power of two, so correct by one step either way.
  let k = 2 ** Math.floor(Math.log2(n - 1));
  if (k >= n) k /= 2;
  if (k * 2 < n) k *= 2;
  return k;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** MTH(D[lo:hi]) by the recursive definition of RFC 9162 §2.1.1. */
function subtreeHash(src: Source, lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return emptyRoot();
  if (n === 1) return checkedLeaf(src, lo);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(src, lo, lo + k), subtreeHash(src, lo + k, hi));
}

function checkedLeaf(src: Source, i: number): Buffer {
  const h = src.at(i);
  if (h.length !== HASH_SIZE) throw new TypeError(`leaf hash ${i} is ${h.length} bytes, expected ${HASH_SIZE}`);
  return Buffer.from(h);
}

/**
 * MTH of the first `size` leaves (default: all of them). The empty tree's root is
 * SHA-256 of the empty string (RFC 9162 §2.1.1).
 */
export function merkleRoot(leaves: LeafHashes, size?: number): Buffer {
  const src = toSource(leaves);
  const n = size ?? src.size;
  if (!isSize(n) || n > src.size) throw new RangeError(`tree size ${n} out of range 0..${src.size}`);
  return subtreeHash(src, 0, n);
}

/**
 * Inclusion proof (audit path) for leaf `index` in the tree of the first `treeSize` leaves
 * (default: all), RFC 9162 §2.1.3.1 PATH(m, D[n]). Ordered from the leaf's sibling up to
 * the child of the root, as verifyInclusion expects.
 */
export function inclusionProof(leaves: LeafHashes, index: number, treeSize?: number): Buffer[] {
  const src = toSource(leaves);
  const n = treeSize ?? src.size;
  if (!isSize(n) || n > src.size) throw new RangeError(`tree size ${n} out of range 0..${src.size}`);
  if (!isSize(index) || index >= n) throw new RangeError(`leaf index ${index} out of range for tree size ${n}`);
  // PATH(m, D[lo:hi]) = PATH(m, D[lo:lo+k]) : MTH(D[lo+k:hi])      if m < k
  //                   = PATH(m-k, D[lo+k:hi]) : MTH(D[lo:lo+k])    otherwise
  // Walking top-down collects the siblings root-first; the proof lists them leaf-first.
  const siblings: Buffer[] = [];
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index - lo < k) {
      siblings.push(subtreeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      siblings.push(subtreeHash(src, lo, lo + k));
      lo += k;
    }
  }
  return siblings.reverse();
}

/**
 * Consistency proof between the trees of the first `oldSize` and `newSize` leaves,
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Empty when oldSize is 0 or
 * equal to newSize (those pairs are consistent by definition; see verifyConsistency).
 */
export function consistencyProof(leaves: LeafHashes, oldSize: number, newSize: number): Buffer[] {
  const src = toSource(leaves);
  if (!isSize(newSize) || newSize > src.size) throw new RangeError(`new size ${newSize} out of range 0..${src.size}`);
  if (!isSize(oldSize) || oldSize > newSize) throw new RangeError(`old size ${oldSize} out of range 0..${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  // SUBPROOF(m, D[lo:hi], b):
  //   m == hi-lo:  {} if b, else {MTH(D[lo:hi])}
  //   m <= k:      SUBPROOF(m, D[lo:lo+k], b) : MTH(D[lo+k:hi])
  //   m >  k:      SUBPROOF(m-k, D[lo+k:hi], false) : MTH(D[lo:lo+k])
  const tail: Buffer[] = [];
  let m = oldSize;
  let lo = 0;
  let hi = newSize;
  let b = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      tail.push(subtreeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      tail.push(subtreeHash(src, lo, lo + k));
      lo += k;
      m -= k;
      b = false;
    }
  }
  const proof = b ? [] : [subtreeHash(src, lo, hi)];
  for (let i = tail.length - 1; i >= 0; i--) proof.push(tail[i] as Buffer);
  return proof;
}

function isHash(h: Uint8Array): boolean {
  return h.length === HASH_SIZE;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * RFC 9162 §2.1.3.2: does `proof` show that `leafHash` is leaf `index` of the tree of size
 * `treeSize` whose root is `root`? Any malformed input (wrong hash lengths, index out of
 * range, too short or too long proof) gives false, never an exception.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  // Steps 2-5 of §2.1.3.2, with shifts written as halvings (sizes may exceed 2^32).
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `newSize` with root `newRoot`
 * extends the tree of size `oldSize` with root `oldRoot`?
 *
 * Edge cases, as in transparency-dev/merkle proof.VerifyConsistency:
 *  - oldSize > newSize: false;
 *  - oldSize === newSize: true iff the proof is empty and the roots are equal;
 *  - oldSize === 0: true iff the proof is empty (every tree extends the empty tree; the
 *    old root is not examined, so a caller holding a size-0 checkpoint should itself check
 *    that its root is the empty-tree root).
 * Malformed input gives false, never an exception.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!proof.every(isHash)) return false;
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (!isHash(oldRoot) || !isHash(newRoot)) return false;
  // Step 1: a non-trivial proof is never empty.
  if (proof.length === 0) return false;
  // Step 2: if oldSize is a power of two the old root is itself a node of the new tree
  // and is left out of the proof; put it back.
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // Steps 3-4.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr: Buffer = fr;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
