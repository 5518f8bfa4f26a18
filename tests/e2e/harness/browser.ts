// Drives Debian's Chromium through playwright-core. Each "tablet" is a persistent context
// with its own user-data dir (under the OS temp dir), so it has its own IndexedDB,
// service worker and cache, survives restart() like a tablet closing the browser, and is
// deleted by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const TABLET_PORTRAIT = { width: 800, height: 1280 } as const;

export interface Tablet {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly userDataDir: string;
  /** Uncaught page exceptions seen so far on this tablet's pages. */
  readonly pageErrors: readonly string[];
  setOffline(offline: boolean): Promise<void>;
  /** Closes the browser and opens it again on the same profile; returns the new handle. */
  restart(): Promise<Tablet>;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

export interface TabletBrowser {
  readonly executablePath: string;
  /** A plain (non-persistent) browser for throwaway contexts. */
  readonly browser: Browser;
  newTablet(name?: string): Promise<Tablet>;
  /** Closes every tablet still open and the plain browser. */
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TabletBrowser> {
  const executablePath = await ensureChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const open = new Set<Tablet>();
  let count = 0;
  const track = (tablet: Tablet): Tablet => {
    open.add(tablet);
    return {
      ...tablet,
      restart: async () => {
        open.delete(tablet);
        return track(await tablet.restart());
      },
      close: async () => {
        open.delete(tablet);
        await tablet.close();
      },
    };
  };
  return {
    executablePath,
    browser,
    newTablet: async (name) => {
      count += 1;
      const userDataDir = await mkdtemp(join(tmpdir(), 'patravali-e2e-tablet-'));
      return track(await openTablet(executablePath, name ?? `tablet-${count}`, userDataDir));
    },
    close: async () => {
      await Promise.all([...open].map((tablet) => tablet.close()));
      open.clear();
      await browser.close();
    },
  };
}

async function openTablet(
  executablePath: string,
  name: string,
  userDataDir: string,
): Promise<Tablet> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: TABLET_PORTRAIT,
    hasTouch: true,
    serviceWorkers: 'allow',
  });
  const pageErrors: string[] = [];
  context.on('page', (page) => watchErrors(page, pageErrors));
  for (const page of context.pages()) watchErrors(page, pageErrors);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    name,
    context,
    page,
    userDataDir,
    pageErrors,
    setOffline: (offline) => context.setOffline(offline),
    restart: async () => {
      await context.close();
      return openTablet(executablePath, name, userDataDir);
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
}
