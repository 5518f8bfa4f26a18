import { useLiveQuery } from 'dexie-react-hooks';
import {
  copiesForMeQuery,
  inboxQuery,
  sentPendingQuery,
  type RecordSummary,
} from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * Records with me (oldest waiting first), records I sent that wait with others,
 * and files sent to me for information that I have not marked seen; live.
 */
export function useInbox(): {
  withMe?: RecordSummary[];
  sent?: RecordSummary[];
  forInfo?: RecordSummary[];
} {
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const withMe = useLiveQuery(() => inboxQuery(db, person.id), [db, person.id]);
  const sent = useLiveQuery(() => sentPendingQuery(db, person.id), [db, person.id]);
  const forInfo = useLiveQuery(() => copiesForMeQuery(db, person.id), [db, person.id]);
  return { withMe, sent, forInfo };
}
