// Every level of an RFC 6962 Merkle tree, built once, so a report can give proofs for hundreds
// of cited records in O(log n) each (core/merkle.ts rehashes about n nodes per proof, which it
// does to keep memory at O(log n); a report already holds the leaves).
//
// Built bottom-up, pairing neighbours and carrying an odd last node up unchanged: that yields
// exactly the RFC 6962 tree (whose left subtree is always the largest power of two), so the audit
// path is the sibling at each level, skipping levels where the node was carried up.
import { nodeHash } from '../../core/sha256.js';

export class MerkleLevels {
  private readonly levels: Uint8Array[][];

  constructor(leaves: readonly Uint8Array[]) {
    this.levels = [leaves.slice()];
    let level = this.levels[0] as Uint8Array[];
    while (level.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) {
        const right = level[i + 1];
        next.push(right === undefined ? (level[i] as Uint8Array) : nodeHash(level[i] as Uint8Array, right));
      }
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return (this.levels[0] as Uint8Array[]).length;
  }

  root(): Uint8Array | null {
    return this.levels[this.levels.length - 1]?.[0] ?? null;
  }

  /** Audit path of leaf `index`, leaf to root (RFC 9162 §2.1.3.1). */
  proof(index: number): Uint8Array[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`leaf index ${index} out of range for tree size ${this.size}`);
    const path: Uint8Array[] = [];
    let i = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = level[i % 2 === 0 ? i + 1 : i - 1];
      if (sibling !== undefined) path.push(sibling);
      i = Math.floor(i / 2);
    }
    return path;
  }
}
