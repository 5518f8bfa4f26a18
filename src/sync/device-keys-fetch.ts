import { API, type DeviceKeysResponse, type DirectoryKey } from '@protocol/api.ts';
import type { SyncTransportDeps } from './transport.ts';

/**
 * The directory's device keys, asked for when a pulled update is signed by a
 * key this device does not know yet (a tablet that registered after this
 * device's sign-in). Null when the server cannot be asked now; the held
 * update is checked again next time.
 */
export async function fetchDeviceKeys(
  deps: SyncTransportDeps,
  token: string,
  signal?: AbortSignal,
): Promise<readonly DirectoryKey[] | null> {
  try {
    const res = await deps.fetch(deps.baseUrl + API.deviceKeys, {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<DeviceKeysResponse>;
    return Array.isArray(body.deviceKeys) ? body.deviceKeys : null;
  } catch {
    return null;
  }
}
