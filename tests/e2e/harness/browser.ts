// Drives Debian's Chromium through playwright-core. Each "tablet" is a persistent context
// with its own user-data dir (under the OS temp dir), so it has its own IndexedDB,
// service worker and cache, survives restart() like a tablet closing the browser, and is
// deleted by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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
  /** The last console errors and warnings of its pages (shown when a test fails). */
  readonly consoleLines: readonly string[];
  setOffline(offline: boolean): Promise<void>;
  /** Closes the browser and opens it again on the same profile; returns the new handle. */
  restart(): Promise<Tablet>;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Tablets of one test file. Each tablet is its own Chromium process (a persistent
 * context); no other browser is started, since no test needs one and an idle
 * Chromium per file cost a launch (1-2 s, more on a busy machine) and its share of the CPU.
 */
export interface TabletBrowser {
  readonly executablePath: string;
  /** `chromiumArgs`: more command-line switches for this tablet's Chromium. */
  newTablet(name?: string, chromiumArgs?: readonly string[]): Promise<Tablet>;
  /** Closes every tablet still open. */
  close(): Promise<void>;
}

/** Every tablet open in this test file, for a failed test's report (tests/e2e/setup.ts). */
export const openTablets = new Set<Tablet>();

export async function launchBrowser(): Promise<TabletBrowser> {
  const executablePath = await ensureChromium();
  const open = new Set<Tablet>();
  let count = 0;
  const track = (tablet: Tablet): Tablet => {
    open.add(tablet);
    openTablets.add(tablet);
    return {
      ...tablet,
      restart: async () => {
        open.delete(tablet);
        openTablets.delete(tablet);
        return track(await tablet.restart());
      },
      close: async () => {
        open.delete(tablet);
        openTablets.delete(tablet);
        await tablet.close();
      },
    };
  };
  return {
    executablePath,
    newTablet: async (name, chromiumArgs = []) => {
      count += 1;
      const userDataDir = await mkdtemp(join(tmpdir(), 'patravali-e2e-tablet-'));
      return track(
        await openTablet(executablePath, name ?? `tablet-${count}`, userDataDir, chromiumArgs),
      );
    },
    close: async () => {
      await Promise.all([...open].map((tablet) => tablet.close()));
      for (const tablet of open) openTablets.delete(tablet);
      open.clear();
    },
  };
}

/** How long a fresh, empty page may take to draw its first frame on a loaded machine. */
const FIRST_FRAME_MS = 15_000;

/**
 * A tablet's Chromium on its own profile, and its page, drawing frames. Now and then a
 * headless Chromium comes up without drawing any: the page's DOM answers (fill works) but
 * requestAnimationFrame never fires, so every click waits for ever on Playwright's
 * stability check ("waiting for element to be visible, enabled and stable", no more
 * lines) and the test fails at its first click, far from the cause. Such a browser is
 * replaced once, before the app is opened in it, so the app is never involved.
 */
export async function launchTabletContext(
  executablePath: string,
  userDataDir: string,
  extraArgs: readonly string[] = [],
): Promise<{ readonly context: BrowserContext; readonly page: Page }> {
  for (let attempt = 1; ; attempt++) {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport: TABLET_PORTRAIT,
      hasTouch: true,
      serviceWorkers: 'allow',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    if (await drawsFrames(page)) return { context, page };
    await context.close();
    if (attempt === 2) throw new Error('Chromium drew no frames in two launches');
    console.warn(`Chromium drew no frame in ${FIRST_FRAME_MS} ms; launching it again`);
  }
}

async function drawsFrames(page: Page): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), FIRST_FRAME_MS);
  });
  // Closed unanswered when we give up; that rejection must not surface later.
  const drew = page
    .evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true))))
    .catch(() => false);
  try {
    return await Promise.race([drew, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

async function openTablet(
  executablePath: string,
  name: string,
  userDataDir: string,
  chromiumArgs: readonly string[] = [],
): Promise<Tablet> {
  const { context, page } = await launchTabletContext(executablePath, userDataDir, chromiumArgs);
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];
  context.on('page', (p) => watchErrors(p, pageErrors, consoleLines));
  for (const p of context.pages()) watchErrors(p, pageErrors, consoleLines);
  return {
    name,
    context,
    page,
    userDataDir,
    pageErrors,
    consoleLines,
    setOffline: (offline) => context.setOffline(offline),
    restart: async () => {
      await context.close();
      return openTablet(executablePath, name, userDataDir, chromiumArgs);
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** How many console lines a tablet keeps for a failure's report. */
const CONSOLE_LINES = 30;

function watchErrors(page: Page, into: string[], consoleLines: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    consoleLines.push(`${type}: ${message.text()}`);
    if (consoleLines.length > CONSOLE_LINES) consoleLines.shift();
  });
}
