import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { decodeB64url, isSignatureAlgorithm, keyIdOf, PUBLIC_KEY_BYTES } from './signature.ts';
import type { DeviceKey } from './verify-signed.ts';

/**
 * Device keys as the directory lists them (GET /api/device-keys, an export's
 * keys.json) turned into what a verifier checks with. A listed key whose id is
 * not the hash of its public key is left out: a listing cannot vouch for a key
 * it misnames.
 */

/** A key as listed (protocol's ListedKey, export-format's ExportKeyJson). */
export interface ListedKey {
  readonly id: string;
  readonly person: string;
  readonly device: string;
  readonly algorithm: string;
  /** Raw public key, base64url. */
  readonly publicKey: string;
  readonly revokedAt: number | null;
}

export function deviceKeyOf(k: ListedKey): DeviceKey | null {
  if (!isSignatureAlgorithm(k.algorithm)) return null;
  const chars = Math.ceil((PUBLIC_KEY_BYTES[k.algorithm] * 4) / 3);
  const publicKey = decodeB64url(k.publicKey, chars);
  if (publicKey === null || keyIdOf(k.algorithm, publicKey) !== k.id) return null;
  return {
    id: k.id,
    person: asPersonId(k.person),
    device: asDeviceId(k.device),
    algorithm: k.algorithm,
    publicKey,
    revokedAt: k.revokedAt,
  };
}

/** The usable keys of a listing, by key id. */
export function deviceKeyMap(listed: readonly ListedKey[]): ReadonlyMap<string, DeviceKey> {
  const keys = new Map<string, DeviceKey>();
  for (const k of listed) {
    const key = deviceKeyOf(k);
    if (key !== null) keys.set(key.id, key);
  }
  return keys;
}
