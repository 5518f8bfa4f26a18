import { registerSW } from 'virtual:pwa-register';
import type { UpdateStore } from './update-store.ts';

/**
 * Registers the service worker that vite-plugin-pwa builds (precaching the
 * shell and the Devanagari font). A new version is announced to `updates`
 * and activated only when the person agrees.
 */
export function registerServiceWorker(updates: UpdateStore): void {
  const updateSW = registerSW({
    onNeedRefresh: () => updates.markWaiting(() => updateSW(true)),
  });
}
