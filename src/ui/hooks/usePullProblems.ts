import { useLiveQuery } from 'dexie-react-hooks';
import { listPullProblems, type PullProblemItem } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** Records whose pulled updates failed verification and were held back; live. */
export function usePullProblems(): readonly PullProblemItem[] | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => listPullProblems(db), [db]);
}
