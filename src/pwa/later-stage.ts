import type { OfflineReadyStore } from './offline-ready.ts';

/** A second stage cut short is tried again after this, doubling up to the most. */
export const LATER_RETRY_FIRST_MS = 30_000;
export const LATER_RETRY_MAX_MS = 10 * 60_000;

export interface LaterStageDeps {
  /** Stores the later files (warm-later.ts); `onMissing` when some are not stored yet. */
  readonly store: (onMissing: () => void) => Promise<boolean>;
  readonly offline?: OfflineReadyStore;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly addEventListener: (
    type: 'online',
    listener: () => void,
    options: { once: true },
  ) => void;
}

/**
 * The second stage of storing the app for offline use (later-assets.ts), as the
 * page runs it: the app is ready to work offline once the install's precache and
 * the later files are both stored. One run at a time. A stage cut short is tried
 * again when the network returns or after a while, whichever comes first (a
 * failing link may never go "offline"), waiting longer each time.
 */
export function createLaterStage(deps: LaterStageDeps): () => void {
  let storing = false;
  let runs = 0;
  let retryMs = LATER_RETRY_FIRST_MS;
  const run = (): void => {
    if (storing) return;
    storing = true;
    const thisRun = ++runs;
    void deps
      .store(() => deps.offline?.markPreparing())
      .catch(() => false)
      .then((done) => {
        storing = false;
        if (done) {
          retryMs = LATER_RETRY_FIRST_MS;
          return deps.offline?.markReady();
        }
        // The first of the two triggers retries; the other finds a newer run and does nothing.
        const retry = (): void => {
          if (runs === thisRun) run();
        };
        deps.addEventListener('online', retry, { once: true });
        deps.setTimeout(retry, retryMs);
        retryMs = Math.min(retryMs * 2, LATER_RETRY_MAX_MS);
      });
  };
  return run;
}
