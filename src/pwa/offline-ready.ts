/**
 * Whether this tablet can open the app without a network yet, as a tiny
 * external store for useSyncExternalStore (issue 20: "the app says when the
 * tablet is ready to work offline"). On the very first visit the service
 * worker is still precaching the shell and the Devanagari font: the app says
 * it is preparing, then, when the worker is installed (vite-plugin-pwa's
 * onOfflineReady), that it is ready — the moment a trainer or a new user may
 * leave the network. A tab opened under a worker already in control was ready
 * from the start and says nothing.
 */

export type OfflinePhase =
  /** The first visit: the shell is still being stored for offline use. */
  | 'preparing'
  /** It was just stored: say so until the person has seen it. */
  | 'justReady'
  /** Ready, nothing to say. */
  | 'ready';

export interface OfflineReadyStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): OfflinePhase;
  /** The service worker has precached everything (onOfflineReady) and the later files are stored. */
  markReady(): void;
  /**
   * Files the app needs offline are missing after all (a tab under the worker
   * whose later files are not all stored: reopened mid-way, or a new version).
   */
  markPreparing(): void;
  /** The person read "ready to work offline". */
  dismiss(): void;
}

/** `controlled`: a service worker already controls this page (so it was ready before). */
export function createOfflineReadyStore(controlled: boolean): OfflineReadyStore {
  let phase: OfflinePhase = controlled ? 'ready' : 'preparing';
  const listeners = new Set<() => void>();
  const set = (next: OfflinePhase): void => {
    if (next === phase) return;
    phase = next;
    for (const l of [...listeners]) l();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => phase,
    markReady: () => set(phase === 'preparing' ? 'justReady' : phase),
    markPreparing: () => set('preparing'),
    dismiss: () => set('ready'),
  };
}
