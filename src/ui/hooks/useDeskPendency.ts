import { useLiveQuery } from 'dexie-react-hooks';
import { istDate } from '@domain/calendar.ts';
import type { PersonId } from '@domain/ids.ts';
import { pendencyByPerson, type PendencyRow } from '@domain/pendency.ts';
import type { RecordSummary } from '@storage/db.ts';
import { useEnv } from './useEnv.ts';

/**
 * Pendency per holder over the records on this device (own desk and what it
 * has seen); district-wide review reads the server's projection in a later issue.
 * Reads the projection table directly: storage has no pendency query yet.
 */
export function useDeskPendency(): PendencyRow<PersonId>[] | undefined {
  const { db, now } = useEnv();
  return useLiveQuery(async () => {
    const records: RecordSummary[] = await db.records.toArray();
    const at = now();
    return pendencyByPerson(records, at, istDate(at));
  }, [db, now]);
}
