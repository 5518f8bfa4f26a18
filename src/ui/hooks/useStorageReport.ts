import { useCallback, useEffect, useState } from 'react';
import { checkStorage, requestPersistence, type StorageHealth } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

export interface StorageReport {
  /** null while the first check runs, or when the app was given no StorageManager. */
  readonly health: StorageHealth | null;
  /** Whether the environment can tell anything at all (false in tests without a navigator). */
  readonly available: boolean;
  /** Asks the browser again to keep this device's data, then re-reads the numbers. */
  askPersistence(): Promise<void>;
}

/** The settings page's view of storage: persistence, used and available bytes. */
export function useStorageReport(): StorageReport {
  const { storage } = useEnv();
  const [health, setHealth] = useState<StorageHealth | null>(null);

  useEffect(() => {
    if (!storage) return;
    let cancelled = false;
    void checkStorage(storage).then((h) => {
      if (!cancelled) setHealth(h);
    });
    return () => {
      cancelled = true;
    };
  }, [storage]);

  const askPersistence = useCallback(async () => {
    if (!storage) return;
    await requestPersistence(storage);
    setHealth(await checkStorage(storage));
  }, [storage]);

  return { health, available: storage !== undefined, askPersistence };
}
