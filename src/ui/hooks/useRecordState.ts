import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { recordStateQuery } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** The folded state of one record, live; undefined while loading, null if not on this device. */
export function useRecordState(id: RecordId): RecordState | null | undefined {
  const { db, now } = useEnv();
  return useLiveQuery(() => recordStateQuery(db, id, now()), [db, id, now]);
}
