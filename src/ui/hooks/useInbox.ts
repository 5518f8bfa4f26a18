import {
  copiesForMeQuery,
  inboxQuery,
  sentPendingQuery,
  type RecordSummary,
} from '@storage/services.ts';
import { useKeyedLiveQuery } from './useKeyedLiveQuery.ts';
import { useSignedIn } from './useSignedIn.ts';

/** The inbox's lists (its tabs). */
export type InboxList = 'withMe' | 'sent' | 'forInfo';

const QUERIES = {
  withMe: inboxQuery,
  sent: sentPendingQuery,
  forInfo: copiesForMeQuery,
} as const;

/**
 * One list of the inbox, live: records with me (oldest waiting first), records
 * I sent that wait with others, or files sent to me for information that I have
 * not marked seen. Only the list asked for is read, and only while `wanted` (a
 * picker asks when it is opened): what a tehsildar sent is most of an office,
 * and his own list thousands of rows, which made a cheap tablet's cold start
 * and each file's page grow with the office (docs/BENCHMARKS.md, the cheap
 * tablet). Undefined until this list, for this person, is read (useKeyedLiveQuery).
 */
export function useInbox(list: InboxList, wanted = true): RecordSummary[] | undefined {
  const { db, person } = useSignedIn().deviceContext;
  return useKeyedLiveQuery(
    wanted ? `${list} ${person.id}` : null,
    () => QUERIES[list](db, person.id),
    [db],
  );
}
