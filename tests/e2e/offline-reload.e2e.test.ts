// The installable PWA: the manifest is linked, the service worker becomes active and
// precaches the shell, the Devanagari font and the icons, the page stores the largest optional
// files after it, and the app says it is ready to work offline; after the first visit the
// app reloads with no network at all and shows the person's data, and opens
// pages (lazily loaded chunks) it never opened online.
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { LATER_CACHE } from '@pwa/later-assets.ts';
import {
  createFile,
  inboxRegion,
  noteSheet,
  openApp,
  openMenu,
  saveDraftNoting,
  shareServerAndBrowser,
  signIn,
  waitForSyncStatus,
  type Tablet,
} from './harness.ts';
import { CLERK, PASSWORD, waitForActiveServiceWorker } from './harness/pwa.ts';

const SUBJECT = 'Flood relief for village Kalsi';
const NOTING = 'Survey report attached; relief as per norms is recommended.';

describe('offline after the first visit', () => {
  const shared = shareServerAndBrowser();
  let tablet: Tablet;
  let fileUrl = '';

  beforeAll(async () => {
    tablet = await shared.browser.newTablet('kalsi');
  });

  it('is installable: manifest linked and served, service worker active', async () => {
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifest = (await (await fetch(`${shared.server.url}${href}`)).json()) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ lang: 'hi', display: 'standalone', start_url: '/' });
    expect(JSON.stringify(manifest['icons'])).toContain('512x512');
    expect(await waitForActiveServiceWorker(page)).toBe(`${shared.server.url}/sw.js`);
    // The app itself says so: the person may now leave the network (then taps OK).
    const ready = page.getByRole('status').filter({ hasText: en['offline.ready'] });
    await ready.waitFor({ timeout: 30_000 });
    await ready.getByRole('button', { name: en['offline.dismiss'], exact: true }).click();
    await ready.waitFor({ state: 'detached' });
    const byCache = await page.evaluate(async () => {
      const all: Record<string, string[]> = {};
      for (const name of await caches.keys()) {
        all[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
      }
      return all;
    });
    const cached = Object.values(byCache).flat();
    expect(cached.some((u) => /noto-sans-devanagari-devanagari-400.*\.woff2/.test(u))).toBe(true);
    // The largest optional files are not in the install (Chromium ends an install past five
    // minutes; on 2G this one took 4.7): the page stored them after it, in their own cache.
    const install = Object.entries(byCache)
      .filter(([name]) => name.startsWith('workbox-precache'))
      .flatMap(([, urls]) => urls);
    expect(install.some((u) => u.includes('/index.html'))).toBe(true);
    expect(install.filter((u) => /pdfkit|pdf\.worker|PendencyCharts/.test(u))).toEqual([]);
    const later = byCache[LATER_CACHE] ?? [];
    for (const name of [
      /pdfkit\.standalone-/,
      /pdf\.worker\.min-/,
      /PendencyCharts-/,
      /-400-normal-.*\.woff$/,
    ])
      expect(later.some((u) => name.test(u))).toBe(true);
    expect(cached.some((u) => u.includes('/icon-192.png'))).toBe(true);
    expect(cached.some((u) => u.includes('/index.html'))).toBe(true);
  });

  it('the person works online: signs in, creates a file, saves a draft', async () => {
    const { page } = tablet;
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, SUBJECT, 'Disaster relief');
    fileUrl = page.url();
    await saveDraftNoting(page, NOTING);
    await page.getByText('Draft saved').waitFor();
    await waitForSyncStatus(page, /^Synced/);
  });

  it('reloads offline from the service worker and shows the data', async () => {
    const { page } = tablet;
    await tablet.setOffline(true);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await noteSheet(page).waitFor();
    // Really offline: the server cannot be reached from this tablet.
    const reached = await page.evaluate(() =>
      fetch('/healthz', { cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    );
    expect(reached).toBe(false);
    expect(await page.getByLabel('Noting', { exact: true }).inputValue()).toBe(NOTING);
    await waitForSyncStatus(page, /Offline/);
    await page.goto(`${shared.server.url}/`, { waitUntil: 'domcontentloaded' });
    await inboxRegion(page).getByText(SUBJECT).waitFor();
    // The Hindi font comes from the precache too.
    await page.goto(`${shared.server.url}/?lang=hi`, { waitUntil: 'domcontentloaded' });
    const fontLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      await document.fonts.load('16px "Noto Sans Devanagari"', 'पत्रावली');
      return document.fonts.check('16px "Noto Sans Devanagari"', 'पत्रावली');
    });
    expect(fontLoaded).toBe(true);
    expect(fileUrl).not.toBe('');
    expect(tablet.pageErrors).toEqual([]);
  });

  it('opens pages never visited before, offline: their chunks are precached', async () => {
    const { page } = tablet;
    await page.goto(`${shared.server.url}/?lang=en`, { waitUntil: 'domcontentloaded' });
    await inboxRegion(page).getByText(SUBJECT).waitFor();
    // Each page is a separate chunk (src/ui/lazy-pages.ts) this tablet never fetched.
    const pages = [
      ['Pendency', 'Pendency'],
      ['Settings', 'Settings and storage'],
      ['Training', 'Training'],
      ['Dak', 'Dak'],
    ] as const;
    for (const [link, heading] of pages) {
      // Settings and Training are behind the header's menu.
      if (link === 'Settings' || link === 'Training') await openMenu(page);
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    }
    await waitForSyncStatus(page, /Offline/);
    expect(tablet.pageErrors).toEqual([]);
  });
});
