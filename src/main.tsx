import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/600.css';
import '@fontsource/noto-sans-devanagari/700.css';
import './ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from '@pwa/register.ts';
import { createUpdateStore } from '@pwa/update-store.ts';
import { openDeviceDb } from '@storage/device-db.ts';
import { ensureDeviceId, type StoredSession } from '@storage/session.ts';
import { downscaleInBrowser } from '@storage/scan-image.ts';
import { requestPersistence } from '@storage/storage-health.ts';
import { createSyncPort } from '@storage/sync-store.ts';
import { createSyncEngine, type SyncEngine } from '@sync/engine.ts';
import type { ScanTransfer } from '@sync/scan-transfer.ts';
import { offlineEventsOf, onlineEventsOf } from '@sync/online-events.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { mimeForFileName } from '@ui/services/file-mime.ts';
import { watchOutbox } from '@ui/services/outbox-watch.ts';
import { startWithPracticeOffline } from '@ui/services/practice-offline.ts';

// The browser's real clock, randomness, network and storage are chosen here,
// once; everything below receives them as parameters.
const db = openDeviceDb();
const syncStatus = createSyncStatusStore();
const now = () => Date.now();
const newId = () => crypto.randomUUID();
const browserFetch: typeof fetch = (input, init) => fetch(input, init);
/** The engine of whoever is signed in, and how to stop all their background work; null while signed out. */
const running: { engine: SyncEngine | null; stop: (() => void) | null } = {
  engine: null,
  stop: null,
};
/** The signed-in person's scan uploads and downloads (null while signed out). */
const scans: { current: ScanTransfer | null } = { current: null };
// An update saves drafts first (update-store.ts), then stops sync and closes the
// database here, so nothing writes to a closed database while the page reloads.
const updates = createUpdateStore({
  shutdown: () => {
    // Sync, the outbox watcher and scan transfers all write to the database.
    running.stop?.();
    db.close();
    return Promise.resolve();
  },
  reload: () => location.reload(),
});
/** Set at build time (VITE_APP_VERSION); written into backups and shown in settings. */
const appVersion: string = String(import.meta.env.VITE_APP_VERSION ?? '0.1.0');

/** Starts syncing for `session`; returns the stop function the app calls on sign-out. */
function startSync(session: StoredSession): () => void {
  // Signed in: ask the browser to keep this device's data (DESIGN.md §4).
  void requestPersistence(navigator);
  let stopped = false;
  let unwatch = () => {};
  void ensureDeviceId(db, newId).then((deviceId) => {
    if (stopped) return;
    const engine = createSyncEngine({
      port: createSyncPort(db, now),
      deviceId,
      getToken: () => session.token || null,
      baseUrl: location.origin,
      fetch: browserFetch,
      WebSocket,
      now,
      random: Math.random,
      status: syncStatus,
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
      onlineEvents: onlineEventsOf(window),
      offlineEvents: offlineEventsOf(window),
      isOnline: () => navigator.onLine,
    });
    // Starts the engine, paused while this device's "practice offline" switch is on.
    const unfollow = startWithPracticeOffline(db, engine);
    const unwatchOutbox = watchOutbox(db, () => engine.localChange());
    unwatch = () => {
      unfollow();
      unwatchOutbox();
    };
    running.engine = engine;
    void startScans(session, () => stopped);
  });
  const stop = (): void => {
    stopped = true;
    unwatch();
    scans.current?.stop();
    scans.current = null;
    running.engine?.stop();
    running.engine = null;
    running.stop = null;
  };
  running.stop = stop;
  return stop;
}

/**
 * Starts the background scan transfer. Its chunk (the tus upload client) is
 * fetched after sign-in rather than with the app shell: the inbox does not
 * need it, and until it arrives the scan panel treats transfers as not running.
 */
async function startScans(session: StoredSession, stopped: () => boolean): Promise<void> {
  const { startScanTransfer } = await import('@ui/services/scan-transfer-start.ts');
  if (stopped()) return;
  scans.current = startScanTransfer({
    db,
    baseUrl: location.origin,
    fetch: browserFetch,
    getToken: () => session.token || null,
    syncStatus,
    now,
    random: Math.random,
    newId,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  });
}

/** Pushes pending changes while the signed-in person's token is still valid (bounded wait). */
async function flushBeforeSignOut(): Promise<void> {
  const engine = running.engine;
  if (!engine || !navigator.onLine) return;
  await Promise.race([
    engine.syncNow(),
    new Promise((resolve) => window.setTimeout(resolve, 5_000)),
  ]);
}

/** Hands a text file to the person as a download, typed by its extension (CSV, JSON). */
function download(fileName: string, text: string): void {
  saveFile(fileName, text, mimeForFileName(fileName));
}

/** Hands a file (text or bytes, e.g. the device backup) to the person as a download. */
function saveFile(fileName: string, data: string | Uint8Array, mime: string): void {
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  URL.revokeObjectURL(url);
}

const env: AppEnv = {
  db,
  api: createApiClient(browserFetch, location.origin),
  syncStatus,
  now,
  newId,
  prefs: window.localStorage,
  search: location.search,
  updates,
  storage: navigator,
  beforeSignOut: flushBeforeSignOut,
  download,
  saveFile,
  appVersion,
  onSignedIn: startSync,
  scans: { prepareImage: downscaleInBrowser, transfer: () => scans.current },
};

if ('serviceWorker' in navigator) registerServiceWorker(updates, window);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App env={env} />
    </StrictMode>,
  );
}
