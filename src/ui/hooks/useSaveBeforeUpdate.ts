import { useCallback, useEffect, useRef } from 'react';
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

/**
 * Every write a page starts on its own (an autosave, the save on leaving) goes
 * through the returned function, so an update tapped while one is under way
 * waits for it instead of closing the database beneath it, even once the page
 * that started it is gone.
 */
export function useTrackedWrites(): <T>(work: Promise<T>) => Promise<T> {
  const { updates } = useEnv();
  return useCallback(<T>(work: Promise<T>) => updates?.track(work) ?? work, [updates]);
}
