import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';

/**
 * What a device signature covers, and how anyone checks it (DESIGN.md
 * invariant 6). Defined once here, pure, for the device, the server and a
 * future offline verifier; the vectors in tests/fixtures/signing pin the bytes.
 *
 * canonical bytes = "patravali/<event|meta>/v1\n" + stable JSON of
 *                   { item: <the item without `sig`>, record: <record id> }
 *   (stable JSON: object keys sorted at every level, undefined dropped).
 * signature       = Ed25519 or ECDSA P-256/SHA-256 (64 bytes r||s, as WebCrypto
 *                   makes it) over the canonical bytes, base64url in `sig`.
 * item hash       = SHA-256(canonical bytes + signature bytes), base64url; what
 *                   `prev` lists. An unsigned item (from before signing) hashes
 *                   its canonical bytes alone.
 * key id          = base64url of the first 16 bytes of SHA-256(algorithm name +
 *                   "\n" + raw public key).
 *
 * The record id is inside the signed bytes, so a signed event copied onto
 * another record does not verify; `prev` and `key` are fields of the item, so
 * the author's view of the record's order and the signing key are signed too.
 */

export const SIGNATURE_ALGORITHMS = ['Ed25519', 'P-256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export type Signable = RecordEvent | RecordMeta;

/** base64url of 64 signature bytes. */
export const SIG_CHARS = 86;
/** base64url of a 32-byte item hash. */
export const HASH_CHARS = 43;
/** base64url of a 16-byte key id. */
export const KEY_ID_CHARS = 22;
const KEY_ID_BYTES = 16;

const PREFIX = { event: 'patravali/event/v1\n', meta: 'patravali/meta/v1\n' } as const;

/** JSON with object keys sorted at every level, so every verifier hashes the same bytes. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Meta is told from an event by its `kind` (events have `type`). */
function isMeta(item: Signable): item is RecordMeta {
  return 'kind' in item;
}

/** The bytes a signature covers: the item without `sig`, bound to its record. */
export function canonicalBytes(recordId: RecordId, item: Signable): Uint8Array<ArrayBuffer> {
  const { sig: _sig, ...rest } = item;
  const prefix = PREFIX[isMeta(item) ? 'meta' : 'event'];
  return new TextEncoder().encode(prefix + stableJson({ item: rest, record: recordId }));
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes of a base64url string of exactly `chars` characters, or null. */
export function decodeB64url(text: unknown, chars: number): Uint8Array | null {
  if (typeof text !== 'string' || text.length !== chars || !B64URL.test(text)) return null;
  return fromBase64UrlEncoded(text);
}

export const encodeB64url = (bytes: Uint8Array): string => toBase64UrlEncoded(bytes);

/** The item's hash as `prev` lists it (its signature included when it has one). */
export function itemHash(recordId: RecordId, item: Signable): string {
  const known = hashed.get(item);
  if (known !== undefined && known.recordId === recordId && known.sig === item.sig)
    return known.hash;
  const hash = hashOf(recordId, item);
  hashed.set(item, { recordId, sig: item.sig, hash });
  return hash;
}

/**
 * Hashes already made, by item object. A record's events are read from its
 * document as the same objects each time, and each update checked against the
 * record hashes all of them again (chain.ts): a record pulled whole as eight
 * updates (decision 0019) had its first item hashed eight times. Items are
 * never changed in place (their types are read-only); the record id and the
 * signature are compared all the same.
 */
const hashed = new WeakMap<
  Signable,
  { recordId: RecordId; sig: string | undefined; hash: string }
>();

function hashOf(recordId: RecordId, item: Signable): string {
  const body = canonicalBytes(recordId, item);
  const sig = item.sig === undefined ? null : decodeB64url(item.sig, SIG_CHARS);
  const all = new Uint8Array(body.length + (sig?.length ?? 0));
  all.set(body);
  if (sig !== null) all.set(sig, body.length);
  return encodeB64url(sha256(all));
}

export function keyIdOf(algorithm: SignatureAlgorithm, publicKey: Uint8Array): string {
  const label = new TextEncoder().encode(`${algorithm}\n`);
  const all = new Uint8Array(label.length + publicKey.length);
  all.set(label);
  all.set(publicKey, label.length);
  return encodeB64url(sha256(all).subarray(0, KEY_ID_BYTES));
}

/** Length of a raw public key: Ed25519 32 bytes, P-256 uncompressed point 65 bytes. */
export const PUBLIC_KEY_BYTES: Readonly<Record<SignatureAlgorithm, number>> = {
  Ed25519: 32,
  'P-256': 65,
};

export function isSignatureAlgorithm(x: unknown): x is SignatureAlgorithm {
  return (SIGNATURE_ALGORITHMS as readonly unknown[]).includes(x);
}

/**
 * Checks that `sig` is a valid signature of `message` under the raw public key.
 * The pure one is verify-bytes.ts (@noble/curves, kept out of the device's app
 * shell: verify-lazy.ts); the server passes node:crypto's.
 */
export type VerifyBytes = (
  algorithm: SignatureAlgorithm,
  publicKey: Uint8Array,
  message: Uint8Array,
  sig: Uint8Array,
) => boolean;
