import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import { recordsOnDevice } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/**
 * Which of `ids` this device holds (so the review can link to their pages); live.
 * Undefined while the device store is still being read.
 */
export function useRecordsOnDevice(ids: readonly RecordId[]): ReadonlySet<RecordId> | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => recordsOnDevice(db, ids), [db, ids]);
}
