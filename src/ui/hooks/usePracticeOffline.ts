import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback } from 'react';
import { isPracticeOffline, setPracticeOffline } from '@storage/trainer/index.ts';
import { useEnv } from './useEnv.ts';

/** This device's "practice offline" switch: undefined while loading, and a setter. */
export function usePracticeOffline(): {
  readonly on: boolean | undefined;
  readonly set: (on: boolean) => Promise<void>;
} {
  const { db } = useEnv();
  const on = useLiveQuery(() => isPracticeOffline(db), [db]);
  const set = useCallback((next: boolean) => setPracticeOffline(db, next), [db]);
  return { on, set };
}
