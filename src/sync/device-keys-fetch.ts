import { API, type DeviceKeysResponse, type DirectoryKey } from '@protocol/api.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { SyncTransportDeps } from './transport.ts';

type KeysPort = Pick<
  SyncPort,
  'saveDeviceKeys' | 'recheckHeld' | 'provisionalKey' | 'confirmProvisional'
>;

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

/**
 * A pulled update was signed by a key not known here: ask the server for the
 * directory's keys (once per sync) and check what was held back again.
 */
export async function learnKeys(
  deps: SyncTransportDeps & { readonly port: KeysPort },
  token: string,
  signal?: AbortSignal,
): Promise<void> {
  if (deps.port.saveDeviceKeys === undefined || deps.port.recheckHeld === undefined) return;
  const keys = await fetchDeviceKeys(deps, token, signal);
  if (keys === null) return;
  await deps.port.saveDeviceKeys(keys);
  await deps.port.recheckHeld();
}

/**
 * A session an office relay signed in without the district stays provisional
 * until the district has registered its signing key (decision 0011). The relay
 * lists a key still waiting as `provisional`; after each sync of such a session
 * the device asks for the list, and once its key is there, neither waiting nor
 * revoked, the session is confirmed. A key the district refused is revoked at the
 * relay, which also ends its sessions: the next sync hears that.
 */
export async function learnConfirmation(
  deps: SyncTransportDeps & { readonly port: KeysPort },
  token: string,
  signal?: AbortSignal,
): Promise<void> {
  const keyId = await deps.port.provisionalKey?.();
  if (keyId === undefined || keyId === null || deps.port.confirmProvisional === undefined) return;
  const answer = await fetchDeviceKeysAnswer(deps, token, signal);
  const own = answer?.deviceKeys.find((k) => k.id === keyId);
  if (own === undefined || own.revokedAt !== null || own.provisional === true) return;
  // The district's number for a tablet new to it comes with its confirmation.
  await deps.port.confirmProvisional(keyId, answer?.deviceNumber);
}
