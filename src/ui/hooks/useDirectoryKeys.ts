import { useLiveQuery } from 'dexie-react-hooks';
import type { DeviceKey } from '@doc/verify-signed.ts';
import { storedDeviceKeys } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** The directory's device keys on this tablet (as the server last listed them); live. */
export function useDirectoryKeys(): ReadonlyMap<string, DeviceKey> | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => storedDeviceKeys(db), [db]);
}
