// The report's all-levels Merkle tree must give exactly the RFC 6962 root and audit paths of
// core/merkle.ts (the reference implementation, itself tested against RFC vectors).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionProof, merkleRoot, verifyInclusion } from '../../electron/core/merkle.js';
import { MerkleLevels } from '../../electron/services/report/merkle-levels.js';

function leaves(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => createHash('sha256').update(Buffer.from([0])).update(`record ${i}`).digest());
}

describe('MerkleLevels', () => {
  it('gives the core root and proofs for every index of every size up to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const l = leaves(n);
      const tree = new MerkleLevels(l);
      const root = merkleRoot(l);
      expect(Buffer.from(tree.root() ?? []).equals(root), `root of ${n}`).toBe(true);
      for (let i = 0; i < n; i++) {
        const mine = tree.proof(i).map((h) => Buffer.from(h).toString('hex'));
        expect(mine, `proof ${i} of ${n}`).toEqual(inclusionProof(l, i).map((h) => h.toString('hex')));
        expect(verifyInclusion(l[i] as Buffer, i, n, tree.proof(i), root)).toBe(true);
      }
    }
  });

  it('refuses an index outside the tree', () => {
    expect(() => new MerkleLevels(leaves(3)).proof(3)).toThrow(RangeError);
  });
});
