import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import { recordsOnDevice } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** Which of `ids` this device holds (so the review can link to their pages); live. */
export function useRecordsOnDevice(ids: readonly RecordId[]): ReadonlySet<RecordId> {
  const { db } = useEnv();
  const present = useLiveQuery(() => recordsOnDevice(db, ids), [db, ids]);
  return present ?? EMPTY;
}

const EMPTY: ReadonlySet<RecordId> = new Set();
