// SHA-256 and the RFC 6962 / RFC 9162 domain-separated tree hashes.
//
// RFC 9162 §2.1.1 (same as RFC 6962 §2.1):
//   leaf hash  MTH({d(0)})  = SHA-256(0x00 || d(0))
//   node hash               = SHA-256(0x01 || MTH(left) || MTH(right))
// The 0x00 / 0x01 prefixes keep a leaf from being confused with an interior node
// (second-preimage resistance of the tree).
//
// Speed matters here: leafHash runs once per record of a bundle. crypto.hash() (Node
// >= 20.12, see package.json "engines") is a one-shot digest that skips the Hash object
// that createHash() builds, and a reused scratch buffer avoids concatenating (allocating)
// 0x00 || line per record. Both are safe because crypto.hash is synchronous: nothing else
// can touch the scratch buffer between filling it and hashing it.

import crypto from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
const LEAF_PREFIX_BYTE = Buffer.of(LEAF_PREFIX);
const NODE_PREFIX_BYTE = Buffer.of(NODE_PREFIX);

/** SHA-256 of the concatenation of the parts. */
export function sha256(...parts: Uint8Array[]): Buffer {
  if (parts.length === 1) return crypto.hash('sha256', parts[0] as Uint8Array, 'buffer');
  const h = crypto.createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
}

// Lines up to this size reuse the scratch buffer; a larger one is streamed through
// createHash instead, so one huge record does not pin a huge buffer for the process
// lifetime.
const SCRATCH_MAX = 1 << 20;
let leafScratch = Buffer.allocUnsafe(4096);

/** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 || leaf). */
export function leafHash(leaf: Uint8Array): Buffer {
  const n = leaf.length + 1;
  if (n > leafScratch.length) {
    if (n > SCRATCH_MAX) {
      return crypto.createHash('sha256').update(LEAF_PREFIX_BYTE).update(leaf).digest();
    }
    let size = leafScratch.length;
    while (size < n) size *= 2;
    leafScratch = Buffer.allocUnsafe(size);
  }
  leafScratch[0] = LEAF_PREFIX;
  leafScratch.set(leaf, 1);
  return crypto.hash('sha256', leafScratch.subarray(0, n), 'buffer');
}

const nodeScratch = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);

/**
 * RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 || left || right). Children are
 * normally 32-byte hashes; other lengths are hashed as given (callers that verify proofs
 * check lengths before getting here).
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return crypto.createHash('sha256').update(NODE_PREFIX_BYTE).update(left).update(right).digest();
  }
  nodeScratch[0] = NODE_PREFIX;
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return crypto.hash('sha256', nodeScratch, 'buffer');
}

const EMPTY_ROOT = crypto.hash('sha256', Buffer.alloc(0), 'buffer');

/**
 * Root of the empty tree, RFC 9162 §2.1.1: MTH({}) = SHA-256() (of the empty string),
 * e3b0c442…b855. A fresh copy each call, so no caller can corrupt a shared constant.
 */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}
