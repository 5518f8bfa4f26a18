import { useSyncExternalStore } from 'react';
import type { SyncStatus, SyncStatusStore } from '@sync/status.ts';

/** The device's sync status (Offline / Syncing / Synced / N pending), re-rendering on change. */
export function useSyncStatus(store: SyncStatusStore): SyncStatus {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
