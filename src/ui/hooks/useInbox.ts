import { useLiveQuery } from 'dexie-react-hooks';
import { inboxQuery, sentPendingQuery, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Records with me (oldest waiting first) and records I sent that wait with others; live. */
export function useInbox(): { withMe?: RecordSummary[]; sent?: RecordSummary[] } {
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const withMe = useLiveQuery(() => inboxQuery(db, person.id), [db, person.id]);
  const sent = useLiveQuery(() => sentPendingQuery(db, person.id), [db, person.id]);
  return { withMe, sent };
}
