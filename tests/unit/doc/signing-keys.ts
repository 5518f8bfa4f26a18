import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { headsOf } from '@doc/chain.ts';
import { canonicalBytes, encodeB64url, keyIdOf, type SignatureAlgorithm } from '@doc/signature.ts';
import type { DeviceKey } from '@doc/verify-signed.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asDeviceId, type PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';

/**
 * Deterministic signing keys for tests, made with @noble/curves from a label
 * (the device makes its keys with WebCrypto; signatures are the same format).
 */

export interface TestKey {
  readonly key: DeviceKey;
  signMeta(meta: RecordMeta): RecordMeta;
  /** Signs `event` for `meta`'s record, naming as `prev` the heads of meta + `before`. */
  signEvent<E extends RecordEvent>(
    meta: RecordMeta,
    before: readonly RecordEvent[],
    event: E,
    prev?: readonly string[],
  ): E;
}

export function testKey(
  person: PersonId,
  device = 'dev-a',
  algorithm: SignatureAlgorithm = 'Ed25519',
  label = `${person}@${device}`,
): TestKey {
  const secret = sha256(new TextEncoder().encode(label));
  const publicKey =
    algorithm === 'Ed25519' ? ed25519.getPublicKey(secret) : p256.getPublicKey(secret, false);
  const sign = (msg: Uint8Array): string =>
    encodeB64url(
      algorithm === 'Ed25519'
        ? ed25519.sign(msg, secret)
        : p256.sign(msg, secret, { prehash: true, format: 'compact' }),
    );
  const id = keyIdOf(algorithm, publicKey);
  const key: DeviceKey = {
    id,
    person,
    device: asDeviceId(device),
    algorithm,
    publicKey,
    revokedAt: null,
  };
  return {
    key,
    signMeta(meta) {
      const withKey = { ...meta, key: id };
      return { ...withKey, sig: sign(canonicalBytes(meta.id, withKey)) };
    },
    signEvent(meta, before, event, prev) {
      const heads = prev ?? headsOf({ recordId: meta.id, meta, events: before });
      const unsigned = { ...event, prev: [...heads].sort(), key: id };
      return { ...unsigned, sig: sign(canonicalBytes(meta.id, unsigned)) };
    },
  };
}

/** A key lookup over these keys. */
export function keyring(...keys: readonly DeviceKey[]): (id: string) => DeviceKey | undefined {
  const byId = new Map(keys.map((k) => [k.id, k]));
  return (id) => byId.get(id);
}
