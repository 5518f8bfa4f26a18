import { sha256 } from '@noble/hashes/sha2.js';

/**
 * An append-only Merkle log as RFC 6962 §2.1 (and RFC 9162 §2.1) defines it:
 * leaf hash SHA-256(0x00 || data), node hash SHA-256(0x01 || left || right),
 * a tree of n leaves split at the largest power of two below n. Pure, for the
 * server (which keeps the log), the device (which checks that it only grew)
 * and an offline verifier. Proofs are made over a `perfect` lookup: the hash
 * of a complete subtree (2^level leaves from index * 2^level), which the
 * server stores once written; every other node is computed from those, so a
 * root or a proof costs O(log n) lookups. Sizes are JavaScript numbers, exact
 * up to 2^53 leaves.
 */

export const HASH_BYTES = 32;
export type Hash = Uint8Array;

/** The hash of a complete subtree: 2^level leaves starting at leaf index * 2^level. */
export type PerfectLookup = (level: number, index: number) => Hash;

/** MTH({}): the root of the empty tree. */
export const EMPTY_ROOT: Hash = sha256(new Uint8Array(0));

export function leafHash(data: Uint8Array): Hash {
  const all = new Uint8Array(1 + data.length);
  all[0] = 0x00;
  all.set(data, 1);
  return sha256(all);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  const all = new Uint8Array(1 + left.length + right.length);
  all[0] = 0x01;
  all.set(left, 1);
  all.set(right, 1 + left.length);
  return sha256(all);
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

const isPerfect = (start: number, len: number): boolean => isPowerOfTwo(len) && start % len === 0;

/** MTH(D[start:end]) for end > start. */
export function rangeHash(perfect: PerfectLookup, start: number, end: number): Hash {
  const len = end - start;
  if (isPerfect(start, len)) return perfect(Math.log2(len), start / len);
  const k = splitPoint(len);
  return nodeHash(rangeHash(perfect, start, start + k), rangeHash(perfect, start + k, end));
}

/** The root of the first `size` leaves. */
export function treeRoot(perfect: PerfectLookup, size: number): Hash {
  return size === 0 ? EMPTY_ROOT : rangeHash(perfect, 0, size);
}

/** RFC 6962 §2.1.1 PATH(m, D[start:end]), m relative to start. */
function path(perfect: PerfectLookup, m: number, start: number, end: number): Hash[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...path(perfect, m, start, start + k), rangeHash(perfect, start + k, end)]
    : [...path(perfect, m - k, start + k, end), rangeHash(perfect, start, start + k)];
}

/** The audit path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(perfect: PerfectLookup, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} not in a tree of ${size}`);
  return path(perfect, index, 0, size);
}

/** RFC 6962 §2.1.2 SUBPROOF(m, D[start:end], b). */
function subproof(
  perfect: PerfectLookup,
  m: number,
  start: number,
  end: number,
  b: boolean,
): Hash[] {
  const n = end - start;
  if (m === n) return b ? [] : [rangeHash(perfect, start, end)];
  const k = splitPoint(n);
  if (m <= k)
    return [...subproof(perfect, m, start, start + k, b), rangeHash(perfect, start + k, end)];
  return [...subproof(perfect, m - k, start + k, end, false), rangeHash(perfect, start, start + k)];
}

/** The proof that the tree of `size1` leaves is a prefix of the tree of `size2` leaves. */
export function consistencyProof(perfect: PerfectLookup, size1: number, size2: number): Hash[] {
  if (!(size1 >= 0 && size1 <= size2)) throw new RangeError(`no proof from ${size1} to ${size2}`);
  return size1 === 0 || size1 === size2 ? [] : subproof(perfect, size1, 0, size2, true);
}

/** A lookup over leaf hashes held in memory (tests, a verifier with the whole log). */
export function memoryLookup(leaves: readonly Hash[]): PerfectLookup {
  const cache = new Map<string, Hash>();
  const perfect: PerfectLookup = (level, index) => {
    const key = `${level}/${index}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const hash =
      level === 0
        ? leaves[index]
        : nodeHash(perfect(level - 1, index * 2), perfect(level - 1, index * 2 + 1));
    if (hash === undefined) throw new RangeError(`no leaf ${index}`);
    cache.set(key, hash);
    return hash;
  };
  return perfect;
}

const isHash = (h: Uint8Array): boolean => h.length === HASH_BYTES;
const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: does `proof` put the leaf with hash `leaf` at `index` under `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree of `size1` leaves with root `root1` a prefix of
 * the tree of `size2` leaves with root `root2`? A proof from the empty tree
 * proves nothing and is refused, as the reference implementation does.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): boolean {
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size1 > size2) return false;
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && sameHash(root1, root2);
  if (proof.length === 0) return false;
  const chain = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = chain[0] as Hash;
  let sr = fr;
  for (const c of chain.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sameHash(fr, root1) && sameHash(sr, root2) && sn === 0;
}
