import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import { digest as sha256 } from 'lib0/hash/sha256';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import { stableJson } from './signature.ts';

/**
 * Author attestations. On a shared tablet one person's changes may be pushed
 * under the next person's session; the server can only tell that they really
 * came from their author on this device if each event (and a new record's
 * meta) carries an HMAC made with the author's per-device key. The key is
 * issued by the server at sign-in (auth/author-keys.ts) and held by the device
 * only while its person is signed in.
 *
 * Pure: SHA-256 comes from lib0 (WebCrypto-free, so the HMAC is synchronous and
 * can run inside a Dexie transaction), HMAC is built here per RFC 2104.
 */

const BLOCK_BYTES = 64;
/** base64url of 32 bytes, no padding. */
export const ATTEST_CHARS = 43;

export function hmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const k = key.length > BLOCK_BYTES ? sha256(key) : key;
  const inner = new Uint8Array(BLOCK_BYTES + msg.length);
  const outer = new Uint8Array(BLOCK_BYTES + 32);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    const b = k[i] ?? 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  inner.set(msg, BLOCK_BYTES);
  outer.set(sha256(inner), BLOCK_BYTES);
  return sha256(outer);
}

type Attestable = RecordEvent | RecordMeta;

/** The bytes an attestation covers: the item without its `attest`, as stable JSON. */
export function canonicalBytes(item: Attestable): Uint8Array {
  const { attest: _attest, ...rest } = item;
  return new TextEncoder().encode(stableJson(rest));
}

export const canonicalEventBytes = (event: RecordEvent): Uint8Array => canonicalBytes(event);
export const canonicalMetaBytes = (meta: RecordMeta): Uint8Array => canonicalBytes(meta);

function attestOf(item: Attestable, key: Uint8Array): string {
  return toBase64UrlEncoded(hmacSha256(key, canonicalBytes(item)));
}

export function attestEvent<E extends RecordEvent>(event: E, key: Uint8Array): E {
  return { ...event, attest: attestOf(event, key) };
}

export function attestMeta(meta: RecordMeta, key: Uint8Array): RecordMeta {
  return { ...meta, attest: attestOf(meta, key) };
}

/** Compares without an early exit, so timing does not reveal how much matched. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function decodeAttest(attest: string | undefined): Uint8Array | null {
  if (attest === undefined || attest.length !== ATTEST_CHARS) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(attest)) return null;
  return fromBase64UrlEncoded(attest);
}

/** True when `item.attest` is the HMAC of the item under `key`. */
export function verifyAttest(item: Attestable, key: Uint8Array): boolean {
  const given = decodeAttest(item.attest);
  return given !== null && sameBytes(given, hmacSha256(key, canonicalBytes(item)));
}

export const verifyEventAttest = (event: RecordEvent, key: Uint8Array): boolean =>
  verifyAttest(event, key);
export const verifyMetaAttest = (meta: RecordMeta, key: Uint8Array): boolean =>
  verifyAttest(meta, key);
