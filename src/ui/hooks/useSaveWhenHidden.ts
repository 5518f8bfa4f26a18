import { useEffect, useRef } from 'react';

/**
 * Runs `save` when the page is hidden: the person switches to another app or the
 * tablet sleeps. The autosave's short pause may never end then (Android stops a
 * hidden page's timers, or discards the page), and the page is not unmounted, so
 * what was typed in that pause would be lost. On `pagehide` (a reload, a closed
 * tab) it is tried too, but the store's writes are asynchronous and Chromium
 * tears the page down first: typing reloaded within the pause is kept by its
 * synchronous backup instead (useUnsavedBackup, decision 0018).
 * The latest `save` is always used.
 */
export function useSaveWhenHidden(save: () => void): void {
  const latest = useRef(save);
  useEffect(() => {
    latest.current = save;
  });
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') latest.current();
    };
    const onPageHide = () => latest.current();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, []);
}
