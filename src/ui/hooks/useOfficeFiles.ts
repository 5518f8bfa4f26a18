import { useLiveQuery } from 'dexie-react-hooks';
import { listFiles, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Open files of my office, newest activity first (for "put in existing file"). */
export function useOfficeFiles(): RecordSummary[] | undefined {
  const { db, person } = useSignedIn().deviceContext;
  return useLiveQuery(
    () => listFiles(db, person.office, person.id),
    [db, person.office, person.id],
  );
}
