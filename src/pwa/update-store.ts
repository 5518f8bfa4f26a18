/**
 * The life of a new app version, as a tiny external store for
 * useSyncExternalStore. A new service worker waits (registerType 'prompt')
 * until the person taps Update; only then, in this order:
 *   1. every registered saver runs (open drafts are written to IndexedDB), and
 *      every write already under way (an autosave, a page left a moment ago)
 *      is waited for,
 *   2. `shutdown` runs (sync stops, the Dexie database is closed), so nothing
 *      writes to a closed database,
 *   3. the waiting worker is activated, then this tab reloads into the new version.
 * Another tab that sees the new worker take control is NOT reloaded under
 * someone typing: it shows "reload when ready" and waits for the tap.
 */

export type UpdatePhase =
  /** Nothing to do. */
  | 'current'
  /** A new version is installed and waits for the person's agreement. */
  | 'waiting'
  /** The person agreed: saving, closing, activating; the page reloads next. */
  | 'applying'
  /** Another tab activated the new version; this one reloads when the person agrees. */
  | 'activatedElsewhere'
  /** Saving failed, so the update was not applied (nothing was closed). */
  | 'failed';

export interface UpdateStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): UpdatePhase;
  /** Called by the service-worker registration when a new version waits. */
  markWaiting(activate: () => Promise<void>): void;
  /** Called when the new version took control of this tab. */
  markActivated(): void;
  /** Registers work to save before an update (e.g. a draft being typed); returns unregister. */
  addSaver(save: () => Promise<unknown>): () => void;
  /**
   * A write under way (an autosave): an update waits for it before the database
   * closes, even once its page is gone. Returns `work`.
   */
  track<T>(work: Promise<T>): Promise<T>;
  /** Saves, shuts down and activates (or reloads). The person asked for it. */
  apply(): Promise<void>;
  /**
   * Asks the server for a new version now (the sync server said this app is too
   * old); one that arrives is announced as usual. Before the service worker is
   * registered, the check runs once it is.
   */
  checkNow(): void;
  /** Called by the service-worker registration with how to check for a new version. */
  setChecker(check: () => void): void;
}

export interface UpdateStoreDeps {
  /** Stops everything that writes to the database and closes it (main.tsx). */
  readonly shutdown?: () => Promise<void>;
  /** Reloads the page (location.reload in the browser). */
  readonly reload?: () => void;
}

export function createUpdateStore(deps: UpdateStoreDeps = {}): UpdateStore {
  let phase: UpdatePhase = 'current';
  let activate: (() => Promise<void>) | null = null;
  let checker: (() => void) | null = null;
  let checkAsked = false;
  const listeners = new Set<() => void>();
  const savers = new Set<() => Promise<unknown>>();
  const underWay = new Set<Promise<unknown>>();
  const set = (next: UpdatePhase): void => {
    phase = next;
    for (const l of [...listeners]) l();
  };

  async function saveAll(): Promise<boolean> {
    try {
      await Promise.all([...savers].map((save) => save()));
    } catch {
      return false;
    }
    // A write that fails on its own (e.g. a noting over the limit) was never going
    // to be stored; what matters is that none is cut off by the database closing.
    while (underWay.size > 0) await Promise.allSettled([...underWay]);
    return true;
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => phase,
    checkNow() {
      if (checker === null) checkAsked = true;
      else checker();
    },
    setChecker(check) {
      checker = check;
      if (checkAsked) check();
      checkAsked = false;
    },
    markWaiting(next) {
      activate = next;
      if (phase !== 'applying') set('waiting');
    },
    markActivated() {
      // In the tab that applies the update, apply() reloads once activation is done.
      if (phase !== 'applying') set('activatedElsewhere');
    },
    addSaver(save) {
      savers.add(save);
      return () => {
        savers.delete(save);
      };
    },
    track(work) {
      underWay.add(work);
      const done = () => void underWay.delete(work);
      work.then(done, done);
      return work;
    },
    async apply() {
      if (phase === 'applying' || phase === 'current') return;
      const reloadOnly = phase === 'activatedElsewhere' || activate === null;
      set('applying');
      // A draft that cannot be saved must not be thrown away by a reload.
      if (!(await saveAll())) return set('failed');
      await deps.shutdown?.();
      if (!reloadOnly) await activate?.();
      deps.reload?.();
    },
  };
}
