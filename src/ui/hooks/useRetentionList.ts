import { useLiveQuery } from 'dexie-react-hooks';
import type { OfficeId } from '@domain/ids.ts';
import { listRetention, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** The office's closed files with a review date, earliest first; live. */
export function useRetentionList(office: OfficeId): RecordSummary[] | undefined {
  const { db, person } = useSignedIn().deviceContext;
  return useLiveQuery(() => listRetention(db, office, person.id), [db, office, person.id]);
}
