import { useLiveQuery } from 'dexie-react-hooks';
import {
  evictOverBudget,
  scanBudget,
  scanBytesStored,
  setScanBudget,
} from '@storage/scans/index.ts';
import { useEnv } from './useEnv.ts';

export interface ScanBudgetView {
  readonly budget: number;
  readonly used: number;
  setBudget(bytes: number): Promise<void>;
}

/** This device's scan budget and use, live; undefined while loading. */
export function useScanBudget(): ScanBudgetView | undefined {
  const { db } = useEnv();
  const numbers = useLiveQuery(
    async () => ({ budget: await scanBudget(db), used: await scanBytesStored(db) }),
    [db],
  );
  return (
    numbers && {
      ...numbers,
      setBudget: (bytes) =>
        setScanBudget(db, bytes)
          .then(() => evictOverBudget(db))
          .then(() => undefined),
    }
  );
}
