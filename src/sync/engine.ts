import type { DeviceId } from '@domain/ids.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';
import { backoffDelay, SYNC_RETRY } from './backoff.ts';
import {
  createPushChannel,
  type PushChannel,
  type PushSocketConstructor,
  type Timers,
} from './push-channel.ts';
import { createSyncStatusStore, type SyncStatus, type SyncStatusStore } from './status.ts';
import type { DirectoryFetch } from './directory-fetch.ts';
import { directoryFrames } from './directory-frame.ts';
import { directoryAsker, directorySchedule } from './directory-schedule.ts';
import { relayClaimsChecker } from './relay-claims-check.ts';
import { ownAddress } from './own-address.ts';
import { runSync, type SyncOutcome } from './sync-run.ts';

/**
 * The device-side sync engine (DESIGN.md §5). Runs in the browser and in Node: the network, clock,
 * randomness, timers and `online`/`offline` events are injected; durable state (outbox, cursor,
 * clock offset) lives behind SyncPort, and the engine holds only scheduling state.
 *
 * The status tells the truth about the link: `Offline` as soon as the device goes offline, a sync
 * fails for the network, or the push channel's heartbeat stops (a link that died without closing);
 * and back to `Syncing`/`Synced` only once an exchange with the server has succeeded again.
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
  /** Subscribe to "the network went away" (window `offline`); returns unsubscribe. */
  readonly offlineEvents?: (listener: () => void) => () => void;
  /** False when the device knows it has no network (navigator.onLine); a sync is not tried then. */
  readonly isOnline?: () => boolean;
  readonly onAuthError?: () => void;
  readonly onVersionError?: (code: 'clientTooOld' | 'serverTooOld') => void;
  readonly status?: SyncStatusStore;
  /** Sync this often while healthy, as a safety net behind the push channel. */
  readonly periodMs?: number;
  readonly pageBytes?: number;
  /** What each directory request came to, once made (directoryAsker, directory-schedule.ts). */
  readonly onDirectory?: (fetched: DirectoryFetch) => void;
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
   * Runs one sync. While one is running, calls share exactly one follow-up run, which starts
   * when the current one ends; the promise settles with that run.
   */
  syncNow(): Promise<SyncOutcome>;
  /** Call after a local write reaches the outbox: refreshes `N pending` and, once started, syncs. */
  localChange(): void;
}

export const DEFAULT_PERIOD_MS = 5 * 60_000;

/** What a sync asked for during practice-offline answers: as if there were no network. */
const PAUSED_OUTCOME: SyncOutcome = { kind: 'failed', error: 'network', detail: 'practice mode' };

/** What a sync answers while the device knows it has no network: nothing is sent. */
const NO_NETWORK: SyncOutcome = { kind: 'failed', error: 'network', detail: 'device is offline' };

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const status = deps.status ?? createSyncStatusStore();
  /** The light changes state: what it said of this tablet's own address goes (homeUnreachable). */
  const show = (patch: Partial<SyncStatus>): void =>
    status.update({ homeUnreachable: undefined, ...patch });
  let current: Promise<SyncOutcome> | null = null;
  let next: Promise<SyncOutcome> | null = null;
  let started = false;
  let paused = false;
  let timer: unknown = null;
  let failures = 0;
  let abort: AbortController | null = null;
  let unsubscribeOnline: (() => void) | null = null;
  let push: PushChannel | null = null;
  let unsubscribeOffline: (() => void) | null = null;
  /**
   * The link is known to be down (device offline, heartbeat lost, a sync failed
   * for the network) and no exchange has succeeded since: the status stays
   * Offline through retries, instead of flashing Syncing on each.
   */
  let linkDown = false;
  /** The running exchange began while the link was down: it may hang on a dead link. */
  let runStartedDown = false;
  /** When the directory is next asked for, after a synced run (directory-schedule.ts). */
  const directory = directorySchedule(deps.now);
  /** The directory's request, beside what follows a run; ended by stop(), pause(), a link lost. */
  const asker = directoryAsker(directory, deps.onDirectory, () => {
    if (active()) void syncNow();
  });

  const schedule = (ms: number): void => {
    if (timer !== null) deps.clearTimeout(timer);
    timer = deps.setTimeout(() => {
      timer = null;
      void syncNow();
    }, ms);
  };

  /** The server answered: the link works again. */
  const linkUp = (): void => {
    if (!linkDown) return;
    linkDown = false;
    if (current !== null && !paused) show({ state: 'syncing', error: undefined });
  };
  /** Syncs at this tablet's own address, or at the district's after misses (decision 0015). */
  const address = ownAddress(deps, linkUp);
  const claims = relayClaimsChecker(deps); // the relay's word, checked (decision 0020)

  /** The link is gone: Offline now, and an exchange in flight (likely hanging) is abandoned. */
  const linkLost = (): void => {
    linkDown = true;
    if (paused) return;
    // The device or the push channel lost the link: not a word about the own address.
    show({ state: 'offline', progress: null, error: 'network' });
    abort?.abort();
    // The directory's request too: hanging, it would hold back every later one.
    asker.abort();
  };

  /** The link is back (browser online, push channel open): retry at once. */
  const linkBack = (): void => {
    failures = 0;
    // An exchange started while the link was dead may never finish; start afresh.
    if (runStartedDown) abort?.abort();
    void syncNow();
  };

  const runOnce = async (): Promise<SyncOutcome> => {
    if (deps.isOnline?.() === false) {
      linkDown = true;
      await settle(NO_NETWORK);
      return NO_NETWORK;
    }
    // While the link is known down, a retry is not news: Offline stays until the server answers.
    if (!linkDown) show({ state: 'syncing', error: undefined });
    runStartedDown = linkDown;
    abort = new AbortController();
    const { signal } = abort;
    let outcome: SyncOutcome;
    try {
      // At the district's own address when this tablet's missed twice in a row or is another
      // office's relay (own-address.ts); back home, so is the push channel.
      outcome = await address.run(
        (baseUrl, onResponse, probe) =>
          runSync({ ...deps, baseUrl, status, onResponse, directory, probe }, signal),
        signal,
        () => push?.home(),
      );
      // Synced at the district as another office's relay answers here: so is the push channel.
      if (outcome.kind === 'synced' && outcome.viaDistrict !== undefined) push?.away();
    } catch (e) {
      // The device store failed (quota, closed database): report, retry later.
      outcome = {
        kind: 'failed',
        error: 'server',
        detail: e instanceof Error ? e.message : String(e),
      };
    }
    runStartedDown = false;
    await settle(outcome);
    // A run that was in flight when practice-offline began must not report Synced.
    if (paused) show({ state: 'offline', progress: null });
    const ask = directory.take(signal.aborted);
    if (ask !== null) asker.ask(ask);
    abort = null;
    return outcome;
  };

  const settle = async (outcome: SyncOutcome): Promise<void> => {
    const pending = await deps.port.pendingCount().catch(() => status.getSnapshot().pending);
    if (outcome.kind !== 'synced') status.update({ viaDistrict: undefined });
    if (outcome.kind !== 'failed') status.update({ homeUnreachable: undefined });
    switch (outcome.kind) {
      case 'synced': {
        failures = 0;
        linkDown = false;
        const at = deps.now();
        await deps.port.saveLastSynced(at).catch(() => undefined);
        status.update({
          state: pending > 0 ? 'pending' : 'synced',
          pending,
          lastSyncedAt: at,
          progress: null,
          logAlarm: undefined,
          viaDistrict: outcome.viaDistrict,
        });
        if (active()) schedule(deps.periodMs ?? DEFAULT_PERIOD_MS);
        if (outcome.viaDistrict === undefined) void claims.check();
        return;
      }
      case 'failed':
        if (outcome.error === 'network') linkDown = true;
        status.update({
          state: 'offline',
          pending,
          progress: null,
          error: outcome.error,
          homeUnreachable: outcome.homeUnreachable,
        });
        if (active()) {
          const backoff = backoffDelay(failures++, deps.random, SYNC_RETRY);
          schedule(Math.max(backoff, outcome.retryAfterMs ?? 0));
        }
        return;
      case 'logAlarm':
        // Tried again later like a failure: the alarm stays while the server's log does not
        // extend what this device verified, and ends if the server is put right.
        status.update({ state: 'logAlarm', pending, progress: null, logAlarm: outcome.alarm });
        if (active()) schedule(backoffDelay(failures++, deps.random, SYNC_RETRY));
        return;
      case 'signedOut':
        status.update({
          state: 'signedOut',
          pending,
          progress: null,
          // Outbox kept: a sign-in here again sends it (decision 0015).
          error: outcome.provisional === true ? 'provisionalSession' : 'unauthenticated',
        });
        deps.onAuthError?.();
        return;
      case 'accessRevoked':
        // The person's data here is gone and they are signed out; the app shows why.
        status.update({ state: 'signedOut', pending, progress: null, error: 'accessRevoked' });
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

  /**
   * The push channel opened. An exchange already running (the one the browser's
   * `online` started, or start()'s first) answers for the link, and the head the
   * server announces on every open tells whether anything came since (onAnnounce):
   * no second, empty exchange on every reconnect. One started on a dead link is
   * replaced, and with nothing running the link is tried at once.
   */
  const channelOpen = (): void => {
    // The server may have restarted with another directory: asked for after the next sync.
    directory.dueNow();
    if (current === null || runStartedDown) linkBack();
    else failures = 0;
  };

  /** The push channel's directory frame: a sync, a moment later, unless its version is held. */
  const frames = directoryFrames(
    deps,
    directory,
    () => active(),
    () => void syncNow(),
    () => next ?? current,
  );

  /** New data on the server past our cursor: sync, once any exchange in flight has ended. */
  const onAnnounce = (cursor: number): void => {
    const running = next ?? current ?? Promise.resolve(null);
    void running
      .then(() => deps.port.cursor())
      .then(
        (local) => {
          if (cursor > local) void syncNow();
        },
        () => undefined,
      );
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
  let unwatchLocal: (() => void) | null = null;

  /** Opens what start() opens: `online` listener, push channel, a first sync. */
  const connect = (): void => {
    unsubscribeOnline =
      deps.onlineEvents?.(() => {
        push?.kick();
        linkBack();
      }) ?? null;
    unsubscribeOffline = deps.offlineEvents?.(linkLost) ?? null;
    if (deps.WebSocket !== undefined) {
      push = createPushChannel({
        ...deps,
        WebSocket: deps.WebSocket,
        onAnnounce,
        onOpen: channelOpen,
        onDirectory: frames.announced,
        onLinkLost: linkLost,
        ...(deps.port.fallbackBase === undefined
          ? {}
          : { fallbackBase: () => deps.port.fallbackBase?.() ?? Promise.resolve(null) }),
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
    unsubscribeOffline?.();
    unsubscribeOffline = null;
    push?.stop();
    push = null;
    abort?.abort();
    claims.cancel();
    asker.abort();
    frames.cancel();
  };

  return {
    status,
    syncNow,
    localChange,
    start() {
      if (started) return;
      started = true;
      // Local writes count while paused too: the pending count stays true.
      unwatchLocal = deps.port.watchLocalChanges?.(localChange) ?? null;
      if (!paused) connect();
    },
    stop() {
      started = false;
      unwatchLocal?.();
      unwatchLocal = null;
      disconnect();
    },
    pause() {
      if (paused) return;
      paused = true;
      disconnect();
      show({ state: 'offline', progress: null, error: undefined });
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
