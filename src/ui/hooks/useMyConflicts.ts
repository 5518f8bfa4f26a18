import { useLiveQuery } from 'dexie-react-hooks';
import { myOpenConflictsQuery, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Records where work of mine did not take effect and waits for my answer; live. */
export function useMyConflicts(): RecordSummary[] | undefined {
  const { db, person } = useSignedIn().deviceContext;
  return useLiveQuery(() => myOpenConflictsQuery(db, person.id), [db, person.id]);
}
