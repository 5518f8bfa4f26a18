import { decodeB64url, isSignatureAlgorithm, keyIdOf, PUBLIC_KEY_BYTES } from '@doc/signature.ts';
import type { DeviceKey } from '@doc/verify-signed.ts';
import type { DirectoryKey } from '@protocol/api.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';

/**
 * The directory's device signing keys on this device, for checking what it
 * pulls (pull-check.ts). Stored in kv `deviceKeys` as the server lists them
 * (at sign-in, and again when a pulled update names a key not yet known).
 */

export async function saveDeviceKeys(
  db: PatravaliDb,
  keys: readonly DirectoryKey[],
): Promise<void> {
  await writeKv(db, KV_KEYS.deviceKeys, keys);
}

/** The keys as the verifier needs them; a listed key that is not what it claims is left out. */
export async function storedDeviceKeys(db: PatravaliDb): Promise<ReadonlyMap<string, DeviceKey>> {
  const listed = (await readKv<readonly DirectoryKey[]>(db, KV_KEYS.deviceKeys)) ?? [];
  const keys = new Map<string, DeviceKey>();
  for (const k of listed) {
    const key = deviceKeyOf(k);
    if (key !== null) keys.set(key.id, key);
  }
  return keys;
}

function deviceKeyOf(k: DirectoryKey): DeviceKey | null {
  if (!isSignatureAlgorithm(k.algorithm)) return null;
  const chars = Math.ceil((PUBLIC_KEY_BYTES[k.algorithm] * 4) / 3);
  const publicKey = decodeB64url(k.publicKey, chars);
  if (publicKey === null || keyIdOf(k.algorithm, publicKey) !== k.id) return null;
  return {
    id: k.id,
    person: k.person,
    device: k.device,
    algorithm: k.algorithm,
    publicKey,
    revokedAt: k.revokedAt,
  };
}
