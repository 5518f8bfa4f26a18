/**
 * Whether a new app version is waiting, as a tiny external store for
 * useSyncExternalStore. The waiting version is activated only when the person
 * taps Update (registerType 'prompt'), so no one loses a half-typed noting.
 */
export interface UpdateStore {
  subscribe(listener: () => void): () => void;
  /** True while a new version waits to be activated. */
  getSnapshot(): boolean;
  markWaiting(apply: () => Promise<void>): void;
  /** Activates the waiting version (the page reloads). */
  apply(): Promise<void>;
}

export function createUpdateStore(): UpdateStore {
  let waiting: (() => Promise<void>) | null = null;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => waiting !== null,
    markWaiting(apply) {
      waiting = apply;
      for (const l of [...listeners]) l();
    },
    apply: () => waiting?.() ?? Promise.resolve(),
  };
}
