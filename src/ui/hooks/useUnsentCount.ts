import { useLiveQuery } from 'dexie-react-hooks';
import { unsentRecordCount } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** How many records have changes not yet acknowledged by the server, live (0 while loading). */
export function useUnsentCount(): number {
  const { db } = useSignedIn().deviceContext;
  return useLiveQuery(() => unsentRecordCount(db), [db]) ?? 0;
}
