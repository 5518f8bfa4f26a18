import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import {
  decodeB64url,
  isSignatureAlgorithm,
  keyIdOf,
  PUBLIC_KEY_BYTES,
  type SignatureAlgorithm,
} from '@doc/signature.ts';
import type { DeviceKey, SignatureRules, VerifyBytes } from '@doc/verify-signed.ts';
import type { DeviceId, PersonId } from '@domain/ids.ts';
import type { DirectoryKey, SigningKeyRegistration } from '@protocol/api.ts';
import type { StoredDeviceKey } from '../storage/types.ts';

/**
 * Device signing keys on the server: a tablet registers the public half of
 * each person's key at sign-in (the private half never leaves the device);
 * pushed events are verified against them (src/doc/verify-signed.ts) and they
 * are listed with the directory, so devices and offline verifiers can check
 * signatures too. Revoking sets revoked_at: the key can sign nothing new, what
 * it signed before stays valid.
 */

export const DEVICE_INFO_CHARS = 300;

/** The key to store from a sign-in's registration, or why not. */
export function keyFromRegistration(
  reg: SigningKeyRegistration,
  person: PersonId,
  device: DeviceId,
  at: number,
): StoredDeviceKey | string {
  if (!isSignatureAlgorithm(reg.algorithm)) return 'unknown signing algorithm';
  const publicKey = decodeB64url(
    reg.publicKey,
    Math.ceil((PUBLIC_KEY_BYTES[reg.algorithm] * 4) / 3),
  );
  if (publicKey === null) return 'public key is not a raw key of that algorithm';
  if (keyIdOf(reg.algorithm, publicKey) !== reg.keyId) return 'key id is not the hash of the key';
  if (typeof reg.deviceInfo !== 'string' || reg.deviceInfo.length > DEVICE_INFO_CHARS) {
    return `device info must be text of at most ${DEVICE_INFO_CHARS} characters`;
  }
  return {
    id: reg.keyId,
    person,
    device,
    algorithm: reg.algorithm,
    publicKey,
    revokedAt: null,
    createdAt: at,
    deviceInfo: reg.deviceInfo,
  };
}

export function directoryKey(k: DeviceKey): DirectoryKey {
  return {
    id: k.id,
    person: k.person,
    device: k.device,
    algorithm: k.algorithm,
    publicKey: Buffer.from(k.publicKey).toString('base64url'),
    revokedAt: k.revokedAt,
  };
}

function keyObject(algorithm: SignatureAlgorithm, raw: Uint8Array): KeyObject {
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
  return algorithm === 'Ed25519'
    ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64(raw) }, format: 'jwk' })
    : createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33)) },
        format: 'jwk',
      });
}

/** node:crypto's verify (several times faster than the pure one), one KeyObject per key. */
export function nodeVerifier(): VerifyBytes {
  const cache = new Map<string, KeyObject | null>();
  return (algorithm, publicKey, message, sig) => {
    const id = `${algorithm}:${Buffer.from(publicKey).toString('base64url')}`;
    let key = cache.get(id);
    if (key === undefined) {
      try {
        key = keyObject(algorithm, publicKey);
      } catch {
        key = null;
      }
      cache.set(id, key);
    }
    if (key === null || sig.length !== 64) return false;
    return algorithm === 'Ed25519'
      ? nodeVerify(null, message, key, sig)
      : nodeVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, sig);
  };
}

/**
 * The signature rules for one push by `pusher`. During the transition (see
 * docs/ARCHITECTURE.md, "Signatures") an unsigned item is still taken from its
 * author's own session; never with `requireSignatures`. An HMAC attestation
 * (an older build's) no longer vouches for an item pushed by anyone else.
 */
export function serverSignatureRules(
  keys: readonly DeviceKey[],
  pusher: PersonId,
  requireSignatures: boolean,
  verify: VerifyBytes,
): SignatureRules {
  const byId = new Map(keys.map((k) => [k.id, k]));
  return {
    keyOf: (id) => byId.get(id),
    refuseRevoked: true,
    unsignedOk: (author) => !requireSignatures && author === pusher,
    verify,
  };
}
