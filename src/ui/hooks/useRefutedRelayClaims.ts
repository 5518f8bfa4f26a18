import { useLiveQuery } from 'dexie-react-hooks';
import { refutedRelayClaims } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/**
 * How many events the office relay said the district had that the district's own
 * signed proofs do not show (decision 0020), live (0 while loading).
 */
export function useRefutedRelayClaims(): number {
  const { db } = useEnv();
  return useLiveQuery(() => refutedRelayClaims(db), [db]) ?? 0;
}
