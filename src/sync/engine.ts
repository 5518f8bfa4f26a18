import type { DeviceId } from '@domain/ids.ts';
import type { SyncPort } from '@storage/sync-port.ts';
import { backoffDelay, SYNC_RETRY } from './backoff.ts';
import {
  createPushChannel,
  type PushChannel,
  type PushSocketConstructor,
  type Timers,
} from './push-channel.ts';
import { createSyncStatusStore, type SyncStatusStore } from './status.ts';
import { runSync, type SyncOutcome } from './sync-run.ts';

/**
 * The device-side sync engine (DESIGN.md §5). Runs in the browser and in Node:
 * the network, clock, randomness, timers and `online` events are injected.
 * Durable state (outbox, cursor, clock offset) lives behind SyncPort; the
 * engine itself holds only scheduling state.
 */

export interface SyncEngineDeps extends Timers {
  readonly port: SyncPort;
  readonly deviceId: DeviceId;
  readonly getToken: () => string | null;
  /** Server origin, e.g. `https://patravali.example` (no trailing slash). */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** Omit to run without a push channel (periodic and on-demand sync only). */
  readonly WebSocket?: PushSocketConstructor;
  readonly now: () => number;
  readonly random: () => number;
  /** Subscribe to "the network came back" (window `online` in the browser); returns unsubscribe. */
  readonly onlineEvents?: (listener: () => void) => () => void;
  readonly onAuthError?: () => void;
  readonly onVersionError?: (code: 'clientTooOld' | 'serverTooOld') => void;
  readonly status?: SyncStatusStore;
  /** Sync this often while healthy, as a safety net behind the push channel. */
  readonly periodMs?: number;
  readonly pageBytes?: number;
}

export interface SyncEngine {
  readonly status: SyncStatusStore;
  /** Sync now, then on `online`, on announcements, periodically, and with backoff after failures. */
  start(): void;
  /** Closes the push channel, cancels timers and aborts an in-flight request. */
  stop(): void;
  /**
   * "Practice offline" (trainer mode): behaves as if the network were gone —
   * closes the push channel, cancels timers, aborts an in-flight request, and
   * every sync is skipped — until resume(). Status reads Offline meanwhile.
   */
  pause(): void;
  /** Ends a pause: once started, reconnects and syncs at once to reconcile. */
  resume(): void;
  isPaused(): boolean;
  /**
   * Runs one sync. While one is running, calls share exactly one follow-up run,
   * which starts when the current one ends; the promise settles with that run.
   */
  syncNow(): Promise<SyncOutcome>;
  /** Call after a local write reaches the outbox: refreshes `N pending` and, once started, syncs. */
  localChange(): void;
}

export const DEFAULT_PERIOD_MS = 5 * 60_000;

/** What a sync asked for during practice-offline answers: as if there were no network. */
const PAUSED_OUTCOME: SyncOutcome = {
  kind: 'failed',
  error: 'network',
  detail: 'practice offline is on',
};

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const status = deps.status ?? createSyncStatusStore();
  let current: Promise<SyncOutcome> | null = null;
  let next: Promise<SyncOutcome> | null = null;
  let started = false;
  let paused = false;
  let timer: unknown = null;
  let failures = 0;
  let abort: AbortController | null = null;
  let unsubscribeOnline: (() => void) | null = null;
  let push: PushChannel | null = null;

  const schedule = (ms: number): void => {
    if (timer !== null) deps.clearTimeout(timer);
    timer = deps.setTimeout(() => {
      timer = null;
      void syncNow();
    }, ms);
  };

  const runOnce = async (): Promise<SyncOutcome> => {
    status.update({ state: 'syncing', error: undefined });
    abort = new AbortController();
    let outcome: SyncOutcome;
    try {
      outcome = await runSync({ ...deps, status }, abort.signal);
    } catch (e) {
      // The device store failed (quota, closed database): report, retry later.
      outcome = {
        kind: 'failed',
        error: 'server',
        detail: e instanceof Error ? e.message : String(e),
      };
    }
    abort = null;
    await settle(outcome);
    // A run that was in flight when practice-offline began must not report Synced.
    if (paused) status.update({ state: 'offline', progress: null });
    return outcome;
  };

  const settle = async (outcome: SyncOutcome): Promise<void> => {
    const pending = await deps.port.pendingCount().catch(() => status.getSnapshot().pending);
    switch (outcome.kind) {
      case 'synced': {
        failures = 0;
        const at = deps.now();
        await deps.port.saveLastSynced(at).catch(() => undefined);
        status.update({
          state: pending > 0 ? 'pending' : 'synced',
          pending,
          lastSyncedAt: at,
          progress: null,
        });
        if (active()) schedule(deps.periodMs ?? DEFAULT_PERIOD_MS);
        return;
      }
      case 'failed':
        status.update({ state: 'offline', pending, progress: null, error: outcome.error });
        if (active()) schedule(backoffDelay(failures++, deps.random, SYNC_RETRY));
        return;
      case 'signedOut':
        status.update({ state: 'signedOut', pending, progress: null, error: 'unauthenticated' });
        deps.onAuthError?.();
        return;
      case 'versionMismatch':
        status.update({ state: 'versionMismatch', pending, progress: null, error: outcome.code });
        deps.onVersionError?.(outcome.code);
        return;
    }
  };

  const syncNow = (): Promise<SyncOutcome> => {
    if (paused) return Promise.resolve(PAUSED_OUTCOME);
    if (current === null) {
      current = runOnce().finally(() => {
        current = null;
      });
      return current;
    }
    next ??= current.then(() => {
      next = null;
      return syncNow();
    });
    return next;
  };

  const onAnnounce = (cursor: number): void => {
    void deps.port.cursor().then((local) => {
      if (cursor > local) void syncNow();
    });
  };

  const localChange = (): void => {
    void deps.port.pendingCount().then(
      (pending) => {
        const { state } = status.getSnapshot();
        status.update(
          state === 'synced' && pending > 0 ? { state: 'pending', pending } : { pending },
        );
      },
      () => undefined,
    );
    if (active()) void syncNow();
  };

  const active = (): boolean => started && !paused;

  /** Opens what start() opens: `online` listener, push channel, a first sync. */
  const connect = (): void => {
    unsubscribeOnline =
      deps.onlineEvents?.(() => {
        failures = 0;
        void syncNow();
      }) ?? null;
    if (deps.WebSocket !== undefined) {
      push = createPushChannel({
        ...deps,
        WebSocket: deps.WebSocket,
        onAnnounce,
        onOpen: () => void syncNow(),
      });
      push.start();
    }
    void syncNow();
  };

  /** Closes everything that could reach the network. */
  const disconnect = (): void => {
    if (timer !== null) deps.clearTimeout(timer);
    timer = null;
    unsubscribeOnline?.();
    unsubscribeOnline = null;
    push?.stop();
    push = null;
    abort?.abort();
  };

  return {
    status,
    syncNow,
    localChange,
    start() {
      if (started) return;
      started = true;
      if (!paused) connect();
    },
    stop() {
      started = false;
      disconnect();
    },
    pause() {
      if (paused) return;
      paused = true;
      disconnect();
      status.update({ state: 'offline', progress: null, error: undefined });
    },
    resume() {
      if (!paused) return;
      paused = false;
      failures = 0;
      if (started) connect();
    },
    isPaused: () => paused,
  };
}
