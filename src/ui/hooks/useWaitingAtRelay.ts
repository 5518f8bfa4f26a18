import { useLiveQuery } from 'dexie-react-hooks';
import { waitingAtRelay } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/**
 * How many events on this tablet wait at the office relay for the link to the district,
 * live (0 while loading, and at the district, which serves none as waiting).
 */
export function useWaitingAtRelay(): number {
  const { db } = useEnv();
  return useLiveQuery(() => waitingAtRelay(db), [db]) ?? 0;
}
