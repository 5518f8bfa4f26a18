// Helpers for the PWA end-to-end tests: service-worker state, the office-day people,
// opening a record from the inbox, and building another app version to deploy.
import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { LATER_CACHE, LATER_LIST_URL } from '../../../src/pwa/later-assets.ts';
import {
  inboxRegion,
  launchBrowser,
  navigate,
  noteSheet,
  openApp,
  signIn,
  startServer,
} from '../harness.ts';
import type { RunningServer, Tablet, TabletBrowser } from '../harness.ts';
import { REPO_ROOT } from './paths.ts';

export const PASSWORD = 'demo1234';
/** Demo district people, as the send dialog lists them (English names). */
export const CLERK = { username: 'clerk.vikasnagar', name: 'Sunita Rawat' } as const;
export const TEHSILDAR = { username: 'tehsildar.vikasnagar', name: 'Anita Bisht' } as const;

const UI_TIMEOUT_MS = 30_000;

/**
 * Waits until the tablet is ready to work offline, as a person waits for "Ready to work
 * offline": the page's service worker is installed and active (its precache complete) and
 * the later files are stored too (src/pwa/later-assets.ts).
 */
export async function waitForActiveServiceWorker(page: Page): Promise<string> {
  const scriptUrl = await activeServiceWorker(page);
  // A loop, not expect.poll: set-up (beforeAll) calls this too, outside any test.
  const deadline = Date.now() + UI_TIMEOUT_MS * 4;
  for (let missing = await laterFilesMissing(page); missing.length > 0;) {
    if (Date.now() > deadline) throw new Error(`later files not stored: ${missing.join(', ')}`);
    await page.waitForTimeout(200);
    missing = await laterFilesMissing(page);
  }
  return scriptUrl;
}

/** This build's later files not yet in the page's later cache. */
export function laterFilesMissing(page: Page): Promise<string[]> {
  return page.evaluate(
    async ({ list, cacheName }) => {
      const urls = (await (await fetch(list, { cache: 'no-cache' })).json()) as string[];
      const cache = await caches.open(cacheName);
      const stored = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
      return urls.filter((u) => !stored.has(u));
    },
    { list: LATER_LIST_URL, cacheName: LATER_CACHE },
  );
}

function activeServiceWorker(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const active = registration.active;
    if (!active) throw new Error('no active service worker');
    if (active.state !== 'activated') {
      await new Promise<void>((resolve) =>
        active.addEventListener('statechange', () => {
          if (active.state === 'activated') resolve();
        }),
      );
    }
    return active.scriptURL;
  });
}

/** Asks the browser to look for a new service worker now (what the hourly check does). */
export async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
}

/** Opens the record whose inbox row shows `subject`; waits for its note sheet. */
export async function openFromInbox(page: Page, subject: string): Promise<void> {
  await navigate(page, 'Inbox');
  const inbox = inboxRegion(page);
  const item = inbox
    .getByRole('row')
    .filter({ hasText: subject })
    .or(inbox.getByRole('listitem').filter({ hasText: subject }));
  await item.first().waitFor({ timeout: 60_000 });
  await item.first().getByRole('link').first().click();
  await noteSheet(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The texts of the finalised notings in the note sheet, in the order shown. */
export async function notingTexts(page: Page, known: readonly string[]): Promise<string[]> {
  const text = await noteSheet(page).innerText();
  return known
    .flatMap((k) =>
      [...text.matchAll(new RegExp(escapeRegExp(k), 'g'))].map((m) => ({ k, at: m.index })),
    )
    .sort((a, b) => a.at - b.at)
    .map((m) => m.k);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the PWA into `outDir` with VITE_APP_VERSION=`version` (a different service worker). */
export async function buildAppVersion(outDir: string, version: string): Promise<void> {
  const child = spawn(
    'npx',
    ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: REPO_ROOT,
      // Vitest sets NODE_ENV=test, and vite build then bundles React's development build.
      env: { ...process.env, NODE_ENV: 'production', VITE_APP_VERSION: version },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`vite build of ${version} failed (exit ${String(code)})`);
}

/** yyyy-mm-dd, `days` from now; a date field (DateField) takes it as typed, as it takes 18-11-2026. */
export function isoDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DeskAndTehsildar {
  readonly server: RunningServer;
  readonly browser: TabletBrowser;
  readonly desk: Tablet;
  readonly tehsildar: Tablet;
}

/**
 * A fresh server and two tablets, in English, signed in as the Vikasnagar desk
 * assistant and the tehsildar: the starting point of every two-tablet story.
 */
export async function startDeskAndTehsildar(
  names: readonly [string, string] = ['desk-assistant', 'tehsildar'],
): Promise<DeskAndTehsildar> {
  const server = await startServer();
  const browser = await launchBrowser();
  const [desk, tehsildar] = await Promise.all([
    browser.newTablet(names[0]),
    browser.newTablet(names[1]),
  ]);
  await Promise.all([
    openApp(desk.page, server.url, 'en'),
    openApp(tehsildar.page, server.url, 'en'),
  ]);
  await Promise.all([
    signIn(desk.page, CLERK.username, PASSWORD),
    signIn(tehsildar.page, TEHSILDAR.username, PASSWORD),
  ]);
  return { server, browser, desk, tehsildar };
}
