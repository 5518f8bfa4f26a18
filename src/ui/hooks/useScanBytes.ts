import { useLiveQuery } from 'dexie-react-hooks';
import { readScan } from '@storage/scans/index.ts';
import { useEnv } from './useEnv.ts';

/** A scan's bytes from the device store; undefined while loading, null when not on this device. */
export function useScanBytes(
  sha256: string,
): { readonly data: Uint8Array; readonly mime: string } | null | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => readScan(db, sha256), [db, sha256]);
}
