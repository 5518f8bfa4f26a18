import { ensureDeviceId, type PatravaliDb, type StoredSession } from '@storage/services.ts';
import type { SyncEngine, SyncEngineDeps } from '@sync/engine.ts';
import type { ScanTransfer } from '@sync/scan-transfer.ts';
import type { SyncStatusStore } from '@sync/status.ts';
import type { ScanTransferStartDeps } from './scan-transfer-start.ts';
import type { startSync } from './sync-start.ts';

/**
 * What runs in the background while someone is signed in: the sync engine
 * (paused while "practice offline" is on; it watches the outbox itself through
 * its SyncPort) and the scan transfer. Pulled updates an earlier build held back
 * are checked again first. main.tsx gives it the browser's parts;
 * tests give it a real server and fake-indexeddb.
 */

export type SessionSyncDeps = Pick<
  SyncEngineDeps,
  | 'fetch'
  | 'WebSocket'
  | 'now'
  | 'random'
  | 'setTimeout'
  | 'clearTimeout'
  | 'onlineEvents'
  | 'offlineEvents'
  | 'isOnline'
  | 'onVersionError'
> & {
  readonly db: PatravaliDb;
  readonly syncStatus: SyncStatusStore;
  readonly baseUrl: string;
  readonly newId: () => string;
  /** Asks the browser to keep this device's data (DESIGN.md §4). */
  readonly persist: () => void;
  /**
   * The scan transfer's start, loaded after sign-in (its chunk, the tus client, is
   * not in the app shell). Absent: no scan transfer.
   */
  readonly loadScans?: () => Promise<(deps: ScanTransferStartDeps) => ScanTransfer>;
  /**
   * The engine's start, loaded after sign-in (sync-start.ts, not in the app shell).
   * Absent: the dynamic import. A failed load (the link dropped on the way) is
   * tried again, waiting longer each time, until it arrives or the session ends.
   */
  readonly loadSync?: () => Promise<StartSync>;
};

type StartSync = typeof startSync;

/** Waits before loading the engine again after a failed load: doubling, at most a minute. */
const LOAD_RETRY_FIRST_MS = 2_000;
const LOAD_RETRY_MAX_MS = 60_000;

export interface SessionSync {
  /** Starts everything for `session`; returns the stop the app calls on sign-out. */
  start(session: StoredSession): () => void;
  /** Stops whatever runs (before an update reloads the page). */
  stop(): void;
  /** Pushes pending changes while the token is still valid, waiting at most `maxMs`. */
  flush(maxMs: number): Promise<void>;
  /** The running engine, for tests and the flush; null while signed out. */
  engine(): SyncEngine | null;
  /** The running scan transfer; null while signed out or until its chunk arrived. */
  scans(): ScanTransfer | null;
}

export function createSessionSync(deps: SessionSyncDeps): SessionSync {
  let engine: SyncEngine | null = null;
  let scans: ScanTransfer | null = null;
  let stopCurrent: (() => void) | null = null;

  const loadSync = deps.loadSync ?? (async () => (await import('./sync-start.ts')).startSync);

  /** The engine's start, once its chunk is here; null if the session ended meanwhile. */
  async function loadStart(stopped: () => boolean): Promise<StartSync | null> {
    for (let wait = LOAD_RETRY_FIRST_MS; ; wait = Math.min(wait * 2, LOAD_RETRY_MAX_MS)) {
      try {
        return await loadSync();
      } catch {
        if (stopped()) return null;
        // No engine yet to say so: the light (Syncing as an online tablet opens) says Offline.
        deps.syncStatus.update({ state: 'offline', progress: null, error: 'network' });
        await new Promise<void>((resolve) => deps.setTimeout(resolve, wait));
        if (stopped()) return null;
      }
    }
  }

  async function startScans(session: StoredSession, stopped: () => boolean): Promise<void> {
    const start = await deps.loadScans?.();
    if (start === undefined || stopped()) return;
    scans = start({ ...deps, getToken: () => session.token || null });
  }

  function start(session: StoredSession): () => void {
    stopCurrent?.();
    deps.persist();
    let stopped = false;
    let unfollow = () => {};
    void ensureDeviceId(deps.db, deps.newId)
      .then(async (deviceId) => {
        if (stopped) return;
        // The engine's chunk (codec, checks, transport) is fetched after sign-in, not with the shell.
        const startSync = await loadStart(() => stopped);
        if (startSync === null) return;
        const started = await startSync(
          {
            ...deps,
            deviceId,
            getToken: () => session.token || null,
            status: deps.syncStatus,
          },
          () => stopped,
        );
        if (started === null || stopped) {
          started?.unfollow();
          started?.engine.stop();
          return;
        }
        const running = started.engine;
        unfollow = started.unfollow;
        engine = running;
        void startScans(session, () => stopped);
      })
      .catch(() => {
        // The device store failed before an engine ran (closed database, quota): none will
        // settle the light, which must not go on saying Syncing.
        if (!stopped) deps.syncStatus.update({ state: 'offline', progress: null, error: 'server' });
      });
    const stop = (): void => {
      stopped = true;
      unfollow();
      scans?.stop();
      scans = null;
      engine?.stop();
      engine = null;
      if (stopCurrent === stop) stopCurrent = null;
    };
    stopCurrent = stop;
    return stop;
  }

  return {
    start,
    stop: () => stopCurrent?.(),
    async flush(maxMs) {
      const running = engine;
      if (running === null || !(deps.isOnline?.() ?? true)) return;
      let timer: unknown;
      const gaveUp = new Promise<void>((resolve) => (timer = deps.setTimeout(resolve, maxMs)));
      await Promise.race([running.syncNow(), gaveUp]);
      deps.clearTimeout(timer);
    },
    engine: () => engine,
    scans: () => scans,
  };
}
