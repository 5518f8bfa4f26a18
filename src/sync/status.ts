import type { ErrorCode } from '@protocol/messages.ts';
import type { LogAlarm } from '@doc/log-check.ts';

/**
 * The device's sync status as a tiny external store, read by React through
 * useSyncExternalStore (src/ui/hooks/useSyncStatus.ts). Holds nothing durable:
 * `pending` and `lastSyncedAt` are refreshed from the device store by the engine.
 */

export type SyncState =
  | 'offline'
  | 'syncing'
  | 'synced'
  | 'pending'
  | 'versionMismatch'
  | 'signedOut'
  /** The server's log did not only grow (@doc/log-check.ts): its responses are not applied. */
  | 'logAlarm';

export interface SyncStatus {
  readonly state: SyncState;
  /** Records with unacknowledged local changes. */
  readonly pending: number;
  readonly lastSyncedAt: number | null;
  /** Set while a long catch-up runs: server updates applied of those in scope. */
  readonly progress: { readonly done: number; readonly total: number } | null;
  /**
   * A stable code for the UI to translate: an ErrorCode from the server
   * (`clientTooOld`, `serverTooOld`, `unauthenticated`, …) or `network` / `server`;
   * `provisionalSession`: a provisional sign-in (an office relay's, decision 0011)
   * that the server answering does not take (decision 0015); `otherOfficeRelay`: the
   * server answering is another office's relay (decision 0017, amendment 1).
   */
  readonly error?: ErrorCode | 'network' | 'server' | 'provisionalSession' | 'otherOfficeRelay';
  /** With state `logAlarm`: what the check found. */
  readonly logAlarm?: LogAlarm;
  /**
   * The last sync went to the district's own address because this tablet's address is
   * answered by another office's relay (src/sync/own-address.ts, decision 0017).
   */
  readonly viaDistrict?: 'otherOfficeRelay';
  /**
   * With error `network`: the last sync's requests at this tablet's own address got no
   * answer at all (SyncOutcome `homeUnreachable`). Where Chrome's Local Network Access
   * permission is denied or not yet given, the light says so (src/ui/services/local-network.ts).
   */
  readonly homeUnreachable?: true;
}

export interface SyncStatusStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SyncStatus;
  /** Replaces the fields given; listeners run only if something changed. */
  update(patch: Partial<SyncStatus>): void;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
  state: 'offline',
  pending: 0,
  lastSyncedAt: null,
  progress: null,
};

/**
 * The light as the app opens, before the engine's first exchange: a tablet the browser
 * knows is online is about to sync (the engine starts with one), so it says Syncing;
 * saying Offline there showed a moment of "Offline" at every opening of an online tablet.
 */
export function openingSyncStatus(online: boolean): SyncStatus {
  return { ...INITIAL_SYNC_STATUS, state: online ? 'syncing' : 'offline' };
}

export function createSyncStatusStore(initial: SyncStatus = INITIAL_SYNC_STATUS): SyncStatusStore {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    update(patch) {
      const next: SyncStatus = { ...snapshot, ...patch };
      if (sameStatus(snapshot, next)) return;
      snapshot = next;
      for (const l of [...listeners]) l();
    },
  };
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.state === b.state &&
    a.pending === b.pending &&
    a.lastSyncedAt === b.lastSyncedAt &&
    a.error === b.error &&
    a.logAlarm === b.logAlarm &&
    a.viaDistrict === b.viaDistrict &&
    a.homeUnreachable === b.homeUnreachable &&
    a.progress?.done === b.progress?.done &&
    a.progress?.total === b.progress?.total
  );
}
