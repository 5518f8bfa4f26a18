import { liveQuery } from 'dexie';
import type { PatravaliDb } from '@storage/services.ts';
import { waitingUploadCount } from '@storage/scans/index.ts';
import { createScanTransfer, type ScanTransfer } from '@sync/scan-transfer.ts';
import { createScanUploader } from '@sync/scan-upload.ts';
import type { SyncStatusStore } from '@sync/status.ts';

/**
 * Starts the background scan transfer for a signed-in session: a pass after
 * every successful sync (the link is up and the records that reference the
 * scans are on the server) and whenever a scan is queued. Returns the
 * transfer; `stop()` ends it and its watchers.
 */

export interface ScanTransferStartDeps {
  readonly db: PatravaliDb;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly getToken: () => string | null;
  readonly syncStatus: SyncStatusStore;
  readonly now: () => number;
  readonly random: () => number;
  readonly newId: () => string;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export function startScanTransfer(deps: ScanTransferStartDeps): ScanTransfer {
  const uploader = createScanUploader({
    db: deps.db,
    baseUrl: deps.baseUrl,
    getToken: deps.getToken,
    makeSource: (bytes) => new Blob([bytes.slice()]),
    newKey: deps.newId,
  });
  const transfer = createScanTransfer({
    uploader,
    download: {
      db: deps.db,
      baseUrl: deps.baseUrl,
      fetch: deps.fetch,
      getToken: deps.getToken,
      now: deps.now,
    },
    random: deps.random,
    setTimeout: deps.setTimeout,
    clearTimeout: deps.clearTimeout,
  });
  let lastState = deps.syncStatus.getSnapshot().state;
  const unsubscribe = deps.syncStatus.subscribe(() => {
    const { state } = deps.syncStatus.getSnapshot();
    if (state === 'synced' && lastState !== 'synced') transfer.kick();
    lastState = state;
  });
  let queued = 0;
  const watch = liveQuery(() => waitingUploadCount(deps.db)).subscribe({
    next: (count) => {
      if (count > queued) transfer.kick();
      queued = count;
    },
    error: () => undefined,
  });
  return {
    ...transfer,
    stop() {
      unsubscribe();
      watch.unsubscribe();
      transfer.stop();
    },
  };
}
