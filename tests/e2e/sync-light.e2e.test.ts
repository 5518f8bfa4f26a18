// The sync light tells the truth in real Chromium (issue 12). One tablet goes
// offline the way the browser knows it (context.setOffline): `Offline` within 10 s,
// and `Synced` again once the network is back and the server has answered. Another
// reaches the server through a loopback proxy whose link then dies silently (nothing
// closes, nothing crosses): the push channel's heartbeat stops, and the light says
// `Offline` after 2.5 silent heartbeat intervals; when the link returns it syncs and
// says `Synced`. The server beats every 3 s here instead of 10 s (the interval travels
// in each heartbeat frame; link-status.test.ts checks the 25 s of the default), so the
// silence is noticed after about 7.5 s instead of 25 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStallingProxy, type StallingProxy } from '../integration/stalling-proxy.ts';
import {
  createFile,
  launchBrowser,
  openApp,
  signIn,
  startServer,
  syncStatus,
  waitForSyncStatus,
  type RunningServer,
  type TabletBrowser,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, waitForActiveServiceWorker } from './harness/pwa.ts';

/** What the issue asks: the browser going offline shows within 10 s. */
const BROWSER_OFFLINE_MS = 10_000;
/** The server's heartbeat interval in this file (PATRAVALI_PUSH_HEARTBEAT_MS). */
const HEARTBEAT_MS = 3_000;
/** A silent link shows after 2.5 intervals (7.5 s), with much room for a busy machine. */
const SILENT_LINK_MS = 35_000;
/** A reconnect waits out the push channel's backoff (it was retrying while the link was dead). */
const BACK_MS = 120_000;

describe('the sync light', () => {
  let server: RunningServer;
  let proxy: StallingProxy;
  let browser: TabletBrowser;

  beforeAll(async () => {
    server = await startServer({ env: { PATRAVALI_PUSH_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
    proxy = await startStallingProxy(server.url);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('says Offline within 10 s of the browser going offline, and Synced only after an exchange', async () => {
    const tablet = await browser.newTablet('offline-light');
    const { page } = tablet;
    await openApp(page, server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await waitForSyncStatus(page, /^Synced/);
    // The New file page is its own chunk: offline it comes from the precache, complete only
    // once the service worker is active (a fresh profile on a busy machine can be slower).
    await waitForActiveServiceWorker(page);

    await tablet.setOffline(true);
    await syncStatus(page)
      .filter({ hasText: /^Offline/ })
      .waitFor({ timeout: BROWSER_OFFLINE_MS });
    // Work goes on offline; the light counts it and never claims Synced meanwhile.
    await createFile(page, 'Encroachment on gram sabha land, Sabhawala', 'Land records');
    await waitForSyncStatus(page, /^Offline · 1 pending/);
    expect(await syncStatus(page).innerText()).not.toMatch(/Synced/);

    await tablet.setOffline(false);
    await waitForSyncStatus(page, /^Synced/);
    expect(await syncStatus(page).innerText()).not.toMatch(/pending/);
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });

  it('says Offline within 2.5 heartbeats of a link that dies silently, and Synced once it is back', async () => {
    const tablet = await browser.newTablet('silent-link');
    const { page } = tablet;
    await openApp(page, proxy.origin, 'en');
    await signIn(page, TEHSILDAR.username, PASSWORD);
    await waitForSyncStatus(page, /^Synced/);

    proxy.stall();
    const stalledAt = Date.now();
    await syncStatus(page)
      .filter({ hasText: /^Offline/ })
      .waitFor({ timeout: SILENT_LINK_MS });
    console.log(`silent link: Offline shown ${Date.now() - stalledAt} ms after the link died`);
    // The browser itself still believes it is online: only the heartbeat told.
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);

    proxy.resume();
    await syncStatus(page)
      .filter({ hasText: /^Synced/ })
      .waitFor({ timeout: BACK_MS });
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });

  it('never says Offline while the tablet is online, from the moment the app opens', async () => {
    // Before the engine's first exchange the light had nothing to say and said Offline:
    // every opening of the app showed a moment of "Offline" on a tablet that was online.
    const tablet = await browser.newTablet('opening-light');
    const { page } = tablet;
    await openApp(page, server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await waitForSyncStatus(page, /^Synced/);
    // Every text the light shows from the first paint of the next load, in order.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { lights: string[] }).lights = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[role="status"].sync')?.textContent ?? null;
        if (text !== null && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await openApp(page, server.url, 'en');
    await waitForSyncStatus(page, /^Synced/);
    const lights = await page.evaluate(() => (window as unknown as { lights: string[] }).lights);
    expect(lights.length).toBeGreaterThan(0);
    expect(lights.filter((l) => /Offline/.test(l))).toEqual([]);
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });
});
