import { useLiveQuery } from 'dexie-react-hooks';
import {
  copiesForMeQuery,
  inboxQuery,
  sentPendingQuery,
  type RecordSummary,
} from '@storage/services.ts';
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
 * not marked seen. Only the list asked for is read: what a tehsildar sent is
 * most of an office (every file that passed his desk), and reading it with his
 * own list made a cheap tablet's cold start grow with the office
 * (docs/BENCHMARKS.md, the cheap tablet).
 */
export function useInbox(list: InboxList): RecordSummary[] | undefined {
  const { db, person } = useSignedIn().deviceContext;
  return useLiveQuery(() => QUERIES[list](db, person.id), [db, person.id, list]);
}
