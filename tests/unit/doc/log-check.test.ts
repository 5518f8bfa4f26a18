import { describe, expect, it } from 'vitest';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { ed25519 } from '@noble/curves/ed25519.js';
import { consistencyProof, leafHash, memoryLookup, treeRoot, type Hash } from '@doc/merkle.ts';
import { treeHeadBytes, type SignedTreeHead } from '@doc/tree-head.ts';
import type { SyncResponse } from '@protocol/messages.ts';
import { checkTreeHead } from '@doc/log-check.ts';
import { emptySyncResponse } from '../../fixtures/sync-response.ts';

/**
 * The device's check of each response's tree head against the one it kept:
 * growth proven by a consistency proof passes; each kind of rewriting is named.
 */

const secret = new Uint8Array(32).fill(5);
const key = ed25519.getPublicKey(secret);
const otherKey = ed25519.getPublicKey(new Uint8Array(32).fill(6));

const leaves = (n: number, salt = ''): Hash[] =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${salt}${i}`)));

function headOf(log: readonly Hash[], size = log.length): SignedTreeHead {
  const unsigned = { size, root: treeRoot(memoryLookup(log), size), time: 1000 + size };
  return { ...unsigned, sig: ed25519.sign(treeHeadBytes(unsigned), secret) };
}

function response(head: SignedTreeHead | undefined, consistency: readonly Hash[] = []) {
  const base = emptySyncResponse({ consistency });
  return head === undefined ? base : { ...base, treeHead: head };
}

const log = leaves(20);
const kept = headOf(log, 13);
const grown = headOf(log);
const proof = consistencyProof(memoryLookup(log), 13, 20);

describe('checkTreeHead', () => {
  it('takes a first head, and a grown one with its proof', () => {
    expect(checkTreeHead(null, response(kept), key, verifyBytes)).toEqual({ ok: true, head: kept });
    expect(checkTreeHead(kept, response(grown, proof), key, verifyBytes)).toEqual({
      ok: true,
      head: grown,
    });
    expect(checkTreeHead(kept, response(headOf(log, 13)), key, verifyBytes).ok).toBe(true);
  });

  it('checks nothing without a log key, and needs no head before it kept one', () => {
    expect(checkTreeHead(kept, response(undefined), null, verifyBytes)).toEqual({
      ok: true,
      head: null,
    });
    expect(checkTreeHead(null, response(undefined), key, verifyBytes)).toEqual({
      ok: true,
      head: null,
    });
  });

  it('names each way the log can fail to have only grown', () => {
    const alarm = (k: SignedTreeHead | null, r: SyncResponse, with_ = key) => {
      const v = checkTreeHead(k, r, with_, verifyBytes);
      return v.ok ? 'ok' : v.alarm;
    };
    expect(alarm(kept, response(undefined))).toBe('headMissing');
    expect(alarm(kept, response(grown, proof), otherKey)).toBe('headSignature');
    expect(alarm(kept, response({ ...grown, size: 21 }, proof))).toBe('headSignature');
    expect(alarm(kept, response(headOf(log, 12)))).toBe('logShrank');
    const rewritten = leaves(20);
    rewritten[4] = leafHash(new Uint8Array([1]));
    expect(alarm(kept, response(headOf(rewritten, 13)))).toBe('logRootChanged');
    const again = consistencyProof(memoryLookup(rewritten), 13, 20);
    expect(alarm(kept, response(headOf(rewritten), again))).toBe('logInconsistent');
    expect(alarm(kept, response(grown, []))).toBe('logInconsistent');
    expect(alarm(kept, response(grown, proof.slice(1)))).toBe('logInconsistent');
    const reordered = [...log];
    [reordered[0], reordered[1]] = [reordered[1] as Hash, reordered[0] as Hash];
    const swapped = consistencyProof(memoryLookup(reordered), 13, 20);
    expect(alarm(kept, response(headOf(reordered), swapped))).toBe('logInconsistent');
  });
});
