import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import { recordSignatures, type RecordSignatures } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** How each item of the record is vouched for (device key or the server); live. */
export function useRecordSignatures(recordId: RecordId): RecordSignatures | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => recordSignatures(db, recordId), [db, recordId]);
}
