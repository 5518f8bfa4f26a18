import { registerSW } from 'virtual:pwa-register';
import { createLaterStage, type LaterStageDeps } from './later-stage.ts';
import type { OfflineReadyStore } from './offline-ready.ts';
import type { UpdateStore } from './update-store.ts';

/** How often an open tab asks the server for a new version (long office days). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker that vite-plugin-pwa builds (precaching the
 * shell, the pages and the Devanagari font), then stores the later files. A
 * new version is announced to `updates` and activated only when the person agrees. The plugin's own unconditional
 * reload is replaced by `onNeedReload`, so a tab where no one asked is not
 * reloaded (see update-store.ts).
 */
export function registerServiceWorker(
  updates: UpdateStore,
  timers: {
    setInterval: (fn: () => void, ms: number) => unknown;
  } & Pick<LaterStageDeps, 'setTimeout' | 'addEventListener'>,
  offline?: OfflineReadyStore,
  later?: {
    /** Stores the later files; `onMissing` when some are not stored yet. */
    readonly store: (onMissing: () => void) => Promise<boolean>;
    readonly controlled: boolean;
    /** Resolves once a worker is active for the app (navigator.serviceWorker.ready). */
    readonly ready?: Promise<unknown>;
  },
): void {
  let registration: ServiceWorkerRegistration | undefined;
  // The second stage (later-stage.ts); without one the install alone makes the tablet ready.
  const storeLater =
    later === undefined
      ? () => offline?.markReady()
      : createLaterStage({
          store: later.store,
          offline,
          // Called as the window's own methods (`timers` is the window).
          setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
          addEventListener: (type, listener, options) =>
            timers.addEventListener(type, listener, options),
        });
  // A tab under a worker already in control: finish (or refresh, after an update) the stage.
  if (later?.controlled) storeLater();
  // A tab reloaded while the first worker was still installing: the worker's install began
  // under the page before, so this page hears no `installed` and no onOfflineReady. Once the
  // worker is active its precache is complete: store the later files then (a second run after
  // onOfflineReady finds them stored and changes nothing).
  else void later?.ready?.then(storeLater);
  const skipWaiting = registerSW({
    onOfflineReady: storeLater,
    onNeedRefresh: () => updates.markWaiting(activate),
    onNeedReload: () => updates.markActivated(),
    onRegisteredSW: (_url, r) => {
      registration = r;
      if (r === undefined) return;
      timers.setInterval(() => void r.update(), UPDATE_CHECK_MS);
      updates.setChecker(() => void r.update());
    },
  });

  /**
   * Tells the waiting worker to take over and resolves once it is active. A page
   * the old worker never controlled (the very first visit) gets no
   * `controllerchange`, so the store reloads on this promise, not on that event.
   */
  async function activate(): Promise<void> {
    const waiting = registration?.waiting ?? null;
    await skipWaiting(true);
    if (waiting) await activated(waiting);
  }
}

function activated(worker: ServiceWorker): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (worker.state === 'activated' || worker.state === 'redundant') resolve();
    };
    worker.addEventListener('statechange', check);
    check();
  });
}
