import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  memoryLookup,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '@doc/merkle.ts';

/**
 * For random logs of n leaves and m ≤ n: every proof the log makes verifies,
 * and flipping any one bit of a proof, a root or the leaf, changing a leaf of
 * the older log, naming another index, a smaller second size or a size whose
 * proof has another shape makes it fail.
 */

const MAX = 70;
const leavesOf = (n: number, salt: number): Hash[] =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${salt}/${i}`)));

function flipped(hashes: readonly Hash[], which: number, bit: number): Hash[] {
  return hashes.map((h, i) => {
    if (i !== which) return h;
    const copy = Uint8Array.from(h);
    const at = Math.floor(bit / 8) % copy.length;
    copy[at] = (copy[at] as number) ^ (1 << (bit % 8));
    return copy;
  });
}

const logAndSizes = fc
  .record({ n: fc.integer({ min: 1, max: MAX }), salt: fc.nat(), bit: fc.nat(255) })
  .chain((x) =>
    fc
      .record({ m: fc.integer({ min: 1, max: x.n }), other: fc.nat(MAX + 2) })
      .map((y) => ({ ...x, ...y })),
  );

describe('Merkle proofs (property)', () => {
  it('consistency proofs from m to n verify, and fail when anything is changed', () => {
    fc.assert(
      fc.property(logAndSizes, ({ n, m, salt, bit, other }) => {
        const look = memoryLookup(leavesOf(n, salt));
        const r1 = treeRoot(look, m);
        const r2 = treeRoot(look, n);
        const proof = consistencyProof(look, m, n);
        expect(verifyConsistency(m, n, proof, r1, r2)).toBe(true);
        for (let i = 0; i < proof.length; i++)
          expect(verifyConsistency(m, n, flipped(proof, i, bit), r1, r2)).toBe(false);
        expect(verifyConsistency(m, n, proof, flipped([r1], 0, bit)[0] as Hash, r2)).toBe(false);
        expect(verifyConsistency(m, n, proof, r1, flipped([r2], 0, bit)[0] as Hash)).toBe(false);
        // Another size fails whenever its own proof would have another length; a size
        // whose proof has the same shape is told apart by the head, which signs size and root.
        const wide = memoryLookup(leavesOf(Math.max(n, other), salt));
        const shapeOf = (a: number, b: number): number => consistencyProof(wide, a, b).length;
        if (other !== m && other > 0 && other <= n && shapeOf(other, n) !== proof.length)
          expect(verifyConsistency(other, n, proof, r1, r2)).toBe(false);
        if (other !== n && other >= m && shapeOf(m, other) !== proof.length)
          expect(verifyConsistency(m, other, proof, r1, r2)).toBe(false);
        if (other < m) expect(verifyConsistency(m, other, proof, r1, r2)).toBe(false);
        // A log that lost, reordered or changed a leaf is not an extension of the old one.
        const rewritten = leavesOf(n, salt);
        rewritten[bit % m] = leafHash(new Uint8Array([bit]));
        const bad = memoryLookup(rewritten);
        expect(verifyConsistency(m, n, consistencyProof(bad, m, n), r1, treeRoot(bad, n))).toBe(
          false,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('inclusion proofs verify for every leaf, and fail when anything is changed', () => {
    fc.assert(
      fc.property(logAndSizes, ({ n, m, salt, bit, other }) => {
        const leaves = leavesOf(n, salt);
        const look = memoryLookup(leaves);
        const root = treeRoot(look, n);
        const index = m - 1;
        const leaf = leaves[index] as Hash;
        const proof = inclusionProof(look, index, n);
        expect(verifyInclusion(index, n, leaf, proof, root)).toBe(true);
        for (let i = 0; i < proof.length; i++)
          expect(verifyInclusion(index, n, leaf, flipped(proof, i, bit), root)).toBe(false);
        expect(verifyInclusion(index, n, flipped([leaf], 0, bit)[0] as Hash, proof, root)).toBe(
          false,
        );
        expect(verifyInclusion(index, n, leaf, proof, flipped([root], 0, bit)[0] as Hash)).toBe(
          false,
        );
        if (other !== index) expect(verifyInclusion(other, n, leaf, proof, root)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
