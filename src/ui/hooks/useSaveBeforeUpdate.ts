import { useEffect, useRef } from 'react';
import { useEnv } from './useEnv.ts';

/**
 * Registers `save` to run before a new app version is applied (see
 * src/pwa/update-store.ts), so unsaved typing reaches the store before the
 * database closes and the page reloads. The latest `save` is always used.
 */
export function useSaveBeforeUpdate(save: () => Promise<unknown>): void {
  const { updates } = useEnv();
  const latest = useRef(save);
  useEffect(() => {
    latest.current = save;
  });
  useEffect(() => updates?.addSaver(() => latest.current()), [updates]);
}
