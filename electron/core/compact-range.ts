// Streaming Merkle accumulator: a "compact range", as in transparency-dev/merkle
// compact.Range (docs/compact_ranges.md in that repository).
//
// A range [begin, end) of leaves is summarised by the hashes of the minimal list of
// perfect, aligned subtrees that exactly cover it, left to right. There are at most
// about 2·log2(end - begin) of them, so hashing a bundle of any length needs O(log n)
// memory. Appending a leaf is a binary-counter carry: while the new node is a right child
// and its left sibling is the last node held, the two are replaced by their parent.
//
// Two adjacent ranges [a, b) and [b, c) merge into [a, c) by appending the right range's
// nodes one by one with the same rule; this is what lets worker threads each hash a
// slice of the records and combine the results. For a range that starts at 0, folding the
// held nodes right to left with nodeHash gives exactly the RFC 9162 §2.1.1 root (MTH), the
// same value merkleRoot() computes from the whole list.

import { HASH_SIZE, emptyRoot, nodeHash } from './sha256.js';

/** A serialisable snapshot of a range (e.g. to post from a worker thread). */
export interface CompactRangeState {
  begin: number;
  end: number;
  /** Node hashes, left to right. */
  hashes: Uint8Array[];
}

export class CompactRange {
  #begin: number;
  #end: number;
  // Parallel arrays: node i covers 2^levels[i] leaves ending where node i+1 starts.
  readonly #hashes: Buffer[] = [];
  readonly #levels: number[] = [];

  constructor(begin = 0) {
    if (!Number.isSafeInteger(begin) || begin < 0) throw new RangeError(`invalid range begin ${begin}`);
    this.#begin = begin;
    this.#end = begin;
  }

  get begin(): number {
    return this.#begin;
  }

  get end(): number {
    return this.#end;
  }

  get size(): number {
    return this.#end - this.#begin;
  }

  /** Append the next leaf hash (SHA-256(0x00 || record), see sha256.ts leafHash). */
  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new TypeError(`leaf hash is ${leafHash.length} bytes, expected ${HASH_SIZE}`);
    if (this.#end >= Number.MAX_SAFE_INTEGER) throw new RangeError('compact range is full');
    this.#push(0, Buffer.from(leafHash));
  }

  /** Merge the adjacent range [this.end, other.end) into this one. `other` is not changed. */
  appendRange(other: CompactRange): void {
    if (other.#begin !== this.#end) {
      throw new RangeError(`ranges are not adjacent: [${this.#begin}, ${this.#end}) + [${other.#begin}, ${other.#end})`);
    }
    for (let i = 0; i < other.#hashes.length; i++) {
      this.#push(other.#levels[i] as number, other.#hashes[i] as Buffer);
    }
  }

  /**
   * Append the node of `level` (covering 2^level leaves starting at this.#end), then
   * merge with the left sibling while there is one. The node starting at `start` of
   * level L is a right child iff (start / 2^L) is odd; its left sibling is then the last
   * held node exactly when that node has the same level (if the last node were larger it
   * could not end at an odd multiple of 2^L; if smaller, the sibling reaches before begin).
   */
  #push(level: number, hash: Buffer): void {
    const width = 2 ** level;
    if (this.#end % width !== 0) throw new Error(`misaligned node at ${this.#end}, level ${level}`);
    let start = this.#end;
    this.#end += width;
    let h = hash;
    let lvl = level;
    let w = width;
    for (;;) {
      const n = this.#levels.length;
      if ((start / w) % 2 !== 1 || n === 0 || this.#levels[n - 1] !== lvl) break;
      const left = this.#hashes.pop() as Buffer;
      this.#levels.pop();
      h = nodeHash(left, h);
      start -= w;
      lvl += 1;
      w *= 2;
    }
    this.#hashes.push(h);
    this.#levels.push(lvl);
  }

  /**
   * RFC 9162 §2.1.1 root of the leaves [0, end). Only defined for a range that starts at
   * 0; the empty range has the empty-tree root SHA-256("").
   */
  root(): Buffer {
    if (this.#begin !== 0) throw new Error(`root() needs a range starting at 0, this one starts at ${this.#begin}`);
    const n = this.#hashes.length;
    if (n === 0) return emptyRoot();
    // For begin = 0 the nodes shrink left to right (the binary digits of end), and MTH
    // splits at the largest power of two, so the root is the right-to-left fold.
    let r = this.#hashes[n - 1] as Buffer;
    if (n === 1) return Buffer.from(r);
    for (let i = n - 2; i >= 0; i--) r = nodeHash(this.#hashes[i] as Buffer, r);
    return r;
  }

  /** Node hashes held, left to right (copies). */
  hashes(): Buffer[] {
    return this.#hashes.map((h) => Buffer.from(h));
  }

  /** Snapshot for transfer (structured-clone friendly). */
  toState(): CompactRangeState {
    return { begin: this.#begin, end: this.#end, hashes: this.hashes() };
  }

  /**
   * Rebuild a range from a snapshot, checking that the hash count matches what
   * [begin, end) decomposes into (a snapshot from another thread is input, not trusted).
   */
  static fromState(state: CompactRangeState): CompactRange {
    const { begin, end, hashes } = state;
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin) {
      throw new RangeError(`invalid compact range bounds [${begin}, ${end})`);
    }
    const levels = decompose(begin, end);
    if (levels.length !== hashes.length) {
      throw new RangeError(`compact range [${begin}, ${end}) needs ${levels.length} hashes, got ${hashes.length}`);
    }
    const r = new CompactRange(begin);
    levels.forEach((level, i) => {
      const h = hashes[i] as Uint8Array;
      if (h.length !== HASH_SIZE) throw new TypeError(`node hash ${i} is ${h.length} bytes, expected ${HASH_SIZE}`);
      r.#hashes.push(Buffer.from(h));
      r.#levels.push(level);
      r.#end += 2 ** level;
    });
    return r;
  }
}

/** Levels of the minimal aligned-subtree cover of [begin, end), left to right. */
function decompose(begin: number, end: number): number[] {
  const levels: number[] = [];
  let pos = begin;
  while (pos < end) {
    // Largest aligned block starting at pos that fits before end.
    let level = 0;
    for (;;) {
      const next = 2 ** (level + 1);
      if (pos % next !== 0 || pos + next > end) break;
      level++;
    }
    levels.push(level);
    pos += 2 ** level;
  }
  return levels;
}
