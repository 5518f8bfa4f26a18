import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  memoryLookup,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@doc/merkle.ts';
import vectors from '../../fixtures/merkle/transparency-dev-vectors.json' with { type: 'json' };

/**
 * The reference implementation's vectors (transparency-dev/merkle, fixture
 * header names the commit): the eight test leaves, the roots of every prefix,
 * and its inclusion and consistency cases, happy and broken. Our proofs must
 * equal its happy-path proofs byte for byte, and our verifier must agree with
 * every wantErr.
 */

const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64'));
const proofOf = (p: readonly string[] | null): Uint8Array[] => (p ?? []).map(b64);
const leaves = vectors.leafInputsHex.map((h) => leafHash(hexToBytes(h)));
const lookup = memoryLookup(leaves);
/**
 * Where we are stricter than the reference: it accepts equal sizes with equal
 * roots whatever their length; a root here is always 32 bytes.
 */
const STRICTER = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);
/** 2^64 - 1 arrives as a string; it is not a size this log can have. */
const sizeOf = (n: number | string): number => (typeof n === 'number' ? n : Number.NaN);

describe('Merkle log (RFC 6962) against transparency-dev/merkle', () => {
  it('computes the root of every prefix of the eight test leaves', () => {
    expect(bytesToHex(EMPTY_ROOT)).toBe(vectors.rootsHex[0]);
    vectors.rootsHex.forEach((hex, size) => expect(bytesToHex(treeRoot(lookup, size))).toBe(hex));
  });

  it.each(vectors.inclusion)('inclusion $file', (v) => {
    const index = sizeOf(v.leafIdx);
    const ok = verifyInclusion(index, v.treeSize, b64(v.leafHash), proofOf(v.proof), b64(v.root));
    expect(ok).toBe(!v.wantErr);
    if (v.desc === 'happy path' && v.treeSize <= leaves.length) {
      const made = inclusionProof(lookup, index, v.treeSize).map(bytesToHex);
      expect(made).toEqual(proofOf(v.proof).map(bytesToHex));
    }
  });

  it.each(vectors.consistency)('consistency $file', (v) => {
    const proof = proofOf(v.proof);
    const ok = verifyConsistency(v.size1, v.size2, proof, b64(v.root1), b64(v.root2));
    expect(ok).toBe(!v.wantErr && !STRICTER.has(v.file));
    if (v.desc === 'happy path' && v.size2 <= leaves.length) {
      const made = consistencyProof(lookup, v.size1, v.size2).map(bytesToHex);
      expect(made).toEqual(proof.map(bytesToHex));
    }
  });

  it('has happy paths of both kinds in the fixture (the comparisons above ran)', () => {
    expect(vectors.inclusion.filter((v) => v.desc === 'happy path').length).toBeGreaterThan(3);
    expect(vectors.consistency.filter((v) => v.desc === 'happy path').length).toBeGreaterThan(3);
  });
});
