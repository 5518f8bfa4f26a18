import { decodeB64url, PUBLIC_KEY_BYTES } from '@doc/signature.ts';
import type { DeviceId, PersonId } from '@domain/ids.ts';
import { API, type DeviceKeysResponse, type DirectoryKey } from '@protocol/api.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * The signing keys of a session the relay has just learned from the district
 * (district-sessions.ts): the device's keys on the district's list, as the upstream
 * run takes them (upstream-calls.ts refreshKeys), taken at once. The tablet signed in
 * at the district, which registered its key then, and now shows its token here: its
 * first push is judged with that key, not refused `keyUnknown` (and quarantined on the
 * tablet for good) because the upstream run has not taken the list since. A list that
 * cannot be had now leaves the key to that run. Revocations are the run's, not taken
 * here (`revokedAfter` is now: none listed).
 */
export async function takeSessionKeys(
  storage: ServerStorage,
  district: {
    readonly url: string;
    readonly fetch: typeof fetch;
    readonly now: () => number;
  },
  token: string,
  session: { readonly person: PersonId; readonly deviceId: DeviceId },
): Promise<void> {
  let body: Partial<DeviceKeysResponse>;
  try {
    const res = await district.fetch(
      `${district.url}${API.deviceKeys}?revokedAfter=${district.now()}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!res.ok) return;
    body = (await res.json()) as Partial<DeviceKeysResponse>;
  } catch {
    return;
  }
  const keys: readonly DirectoryKey[] = Array.isArray(body.deviceKeys) ? body.deviceKeys : [];
  for (const k of keys) {
    if (k.person !== session.person || k.device !== session.deviceId || k.revokedAt !== null)
      continue;
    await keepDistrictKey(storage, k, district.now());
  }
}

/**
 * Stores one key of the district's list (its revocation is the caller's); false
 * when it cannot be read: an algorithm this build does not know, a malformed key.
 */
export async function keepDistrictKey(
  storage: ServerStorage,
  k: DirectoryKey,
  now: number,
): Promise<boolean> {
  const bytes: number | undefined = PUBLIC_KEY_BYTES[k.algorithm];
  if (bytes === undefined || typeof k.publicKey !== 'string') return false;
  const publicKey = decodeB64url(k.publicKey, Math.ceil((bytes * 4) / 3));
  if (publicKey === null) return false;
  await storage.registerDeviceKey({
    ...k,
    publicKey,
    revokedAt: null,
    createdAt: now,
    deviceInfo: '',
  });
  return true;
}
