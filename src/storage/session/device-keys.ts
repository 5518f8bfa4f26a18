import { deviceKeyMap } from '@doc/key-listing.ts';
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
  return deviceKeyMap((await readKv<readonly DirectoryKey[]>(db, KV_KEYS.deviceKeys)) ?? []);
}
