import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/600.css';
import '@fontsource/noto-sans-devanagari/700.css';
import './ui/styles.css';
import './ui/field-errors.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from '@pwa/register.ts';
import { createOfflineReadyStore } from '@pwa/offline-ready.ts';
import { createUpdateStore } from '@pwa/update-store.ts';
import { warmLater } from '@pwa/warm-later.ts';
import { openDeviceDb } from '@storage/db/device-db.ts';
import { downscaleInBrowser } from '@storage/scans/scan-image.ts';
import { requestPersistence } from '@storage/db/storage-health.ts';
import { offlineEventsOf, onlineEventsOf } from '@sync/online-events.ts';
import { createSyncStatusStore, openingSyncStatus } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { mimeForFileName } from '@ui/services/file-mime.ts';
import { createSessionSync } from '@ui/services/session-sync.ts';
import { whenIdle } from '@ui/services/when-idle.ts';

// The browser's real clock, randomness, network and storage are chosen here,
// once; everything below receives them as parameters.
const db = openDeviceDb();
const syncStatus = createSyncStatusStore(openingSyncStatus(navigator.onLine));
const now = () => Date.now();
const newId = () => crypto.randomUUID();
const browserFetch: typeof fetch = (input, init) => fetch(input, init);
/** Sync and scan transfers of whoever is signed in (session-sync.ts). */
const sessionSync = createSessionSync({
  db,
  syncStatus,
  baseUrl: location.origin,
  fetch: browserFetch,
  WebSocket,
  now,
  random: Math.random,
  newId,
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  onlineEvents: onlineEventsOf(window),
  offlineEvents: offlineEventsOf(window),
  isOnline: () => navigator.onLine,
  persist: () => void requestPersistence(navigator),
  // Its chunk (the tus upload client) is fetched after sign-in, not with the app shell.
  loadScans: async () => (await import('@ui/services/scan-transfer-start.ts')).startScanTransfer,
  // The server no longer answers this build: fetch the new version now, not within the hour.
  onVersionError: (code) => {
    if (code === 'clientTooOld') updates.checkNow();
  },
});
// An update saves drafts first (update-store.ts), then stops sync and closes the
// database here, so nothing writes to a closed database while the page reloads.
const updates = createUpdateStore({
  shutdown: () => {
    // Sync, the outbox watcher and scan transfers all write to the database.
    sessionSync.stop();
    db.close();
    return Promise.resolve();
  },
  reload: () => location.reload(),
});
const controlled = 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
/** Whether this tablet can open the app offline yet: ready at once under a worker in control. */
const offline = createOfflineReadyStore(!('serviceWorker' in navigator) || controlled);
/** Set at build time (VITE_APP_VERSION); written into backups and shown in settings. */
const appVersion: string = String(import.meta.env.VITE_APP_VERSION ?? '0.1.0');

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
  unsaved: window.localStorage,
  search: location.search,
  updates,
  offline,
  storage: navigator,
  // Pushes pending changes while the signed-in person's token is still valid (bounded wait).
  beforeSignOut: () => sessionSync.flush(5_000),
  download,
  saveFile,
  server: { baseUrl: location.origin, fetch: browserFetch },
  appVersion,
  onSignedIn: sessionSync.start,
  scans: { prepareImage: downscaleInBrowser, transfer: sessionSync.scans },
  // Chrome's Local Network Access state, for the sync light (absent in some browsers).
  ...('permissions' in navigator ? { permissions: navigator.permissions } : {}),
  // Not in the first seconds: the inbox and the start's sync come first.
  ahead: { afterMs: 3_000, whenIdle, pages: controlled },
};

if ('serviceWorker' in navigator) {
  registerServiceWorker(updates, window, offline, {
    store: (onMissing) => warmLater({ fetch: browserFetch, caches: window.caches, onMissing }),
    controlled,
    ready: navigator.serviceWorker.ready,
  });
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App env={env} />
    </StrictMode>,
  );
}
