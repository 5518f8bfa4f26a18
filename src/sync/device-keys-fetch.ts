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
  return (await fetchDeviceKeysAnswer(deps, token, signal))?.deviceKeys ?? null;
}

/**
 * The whole answer: with the keys, from an office relay, the device number the
 * district gave this tablet when it confirmed it (decision 0011), when it has.
 */
export async function fetchDeviceKeysAnswer(
  deps: SyncTransportDeps,
  token: string,
  signal?: AbortSignal,
): Promise<{
  readonly deviceKeys: readonly DirectoryKey[];
  readonly deviceNumber?: number;
} | null> {
  try {
    const res = await deps.fetch(deps.baseUrl + API.deviceKeys, {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<DeviceKeysResponse>;
    if (!Array.isArray(body.deviceKeys)) return null;
    const n = body.deviceNumber;
    const valid = typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;
    return valid
      ? { deviceKeys: body.deviceKeys, deviceNumber: n }
      : { deviceKeys: body.deviceKeys };
  } catch {
    return null;
  }
}
