import { useEffect, useState } from 'react';
import { checkStorage, requestPersistence, type StorageHealth } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** Asks the browser to keep this device's data, then reports whether it will and how much room is left. */
export function useStorageHealth(): StorageHealth | null {
  const { storage } = useEnv();
  const [health, setHealth] = useState<StorageHealth | null>(null);
  useEffect(() => {
    if (!storage) return;
    let cancelled = false;
    void requestPersistence(storage)
      .then(() => checkStorage(storage))
      .then((h) => {
        if (!cancelled) setHealth(h);
      });
    return () => {
      cancelled = true;
    };
  }, [storage]);
  return health;
}
