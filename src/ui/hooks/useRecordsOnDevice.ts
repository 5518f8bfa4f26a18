import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import { useEnv } from './useEnv.ts';

/** Which of `ids` this device holds (so the review can link to their pages); live. */
export function useRecordsOnDevice(ids: readonly RecordId[]): ReadonlySet<RecordId> {
  const { db } = useEnv();
  const present = useLiveQuery(async () => {
    const rows = await db.records.bulkGet([...ids]);
    return new Set(rows.flatMap((r) => (r === undefined ? [] : [r.id])));
  }, [db, ids]);
  return present ?? EMPTY;
}

const EMPTY: ReadonlySet<RecordId> = new Set();
