import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { OfficeBench } from '../scenarios/office.ts';
import { exchange, PUSH_ONLY_CURSOR } from './wire.ts';

/**
 * Driving the real built app in Debian Chromium for the device benchmarks:
 * a tablet-sized persistent profile (so the store survives a restart), the
 * English sign-in, and waiting until the app has synced everything the
 * server holds.
 */

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
/**
 * How long the app may take to reach the server's head. The 10,000-record join with
 * the search index writes took longer than 10 minutes on a loaded machine; a bench
 * that gives up after that says nothing, so it waits longer and prints the time.
 */
const SYNC_TIMEOUT_MS = 40 * 60_000;
export const UI_TIMEOUT_MS = 120_000;

export interface Tablet {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A portrait 800×1280 tablet whose IndexedDB lives in `profile`. */
export async function launchTablet(executablePath: string, profile: string): Promise<Tablet> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 800, height: 1280 },
    serviceWorkers: 'allow',
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** Fills the sign-in form of the app (already open, in English) with the demo password. */
export async function fillSignIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username, { timeout: UI_TIMEOUT_MS });
  await page.getByLabel('Password', { exact: true }).fill('demo1234');
}

/** Opens the app in English and signs in with the demo password. */
export async function signInApp(page: Page, origin: string, username: string): Promise<void> {
  await page.goto(`${origin}/?lang=en`);
  await fillSignIn(page, username);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The server's head sequence: the cursor a device has once it holds everything. */
export async function serverHead(bench: OfficeBench): Promise<number> {
  const anyone = bench.sessions.values().next().value;
  if (anyone === undefined) throw new Error('office without sessions');
  return (await exchange(anyone, PUSH_ONLY_CURSOR, [])).headSeq;
}

/** The device store's sync cursor (kv `cursor`), read in the page; 0 before the first sync. */
function deviceCursor(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const req = indexedDB.open('patravali');
        req.onerror = () => resolve(0);
        req.onsuccess = () => {
          const db = req.result;
          try {
            const get = db.transaction('kv', 'readonly').objectStore('kv').get('cursor');
            get.onsuccess = () => {
              // One seq per person who synced here (src/storage/sync/cursor.ts);
              // a bench tablet has one person. Older builds kept a bare number.
              const value = (get.result as { value?: unknown } | undefined)?.value;
              const seqs =
                typeof value === 'number'
                  ? [value]
                  : typeof value === 'object' && value !== null
                    ? Object.values(value).filter((v): v is number => typeof v === 'number')
                    : [];
              resolve(Math.max(0, ...seqs));
              db.close();
            };
          } catch {
            db.close();
            resolve(0);
          }
        };
      }),
  );
}

/** Waits until the app has applied everything up to the server's head sequence. */
export async function waitForCursor(page: Page, head: number): Promise<void> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while ((await deviceCursor(page)) < head) {
    if (Date.now() > deadline) throw new Error(`the app did not catch up to seq ${head} in time`);
    await page.waitForTimeout(500); // polling a condition, bounded by the deadline
  }
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Times in the page what a person waits for: from a tap (the click event's
 * own time) or from now, until an element matching `selector` is in the
 * document and the frame holding it is painted. Playwright's own waiting
 * (polling role queries over the page, on a CPU slowed 4×) adds hundreds of
 * milliseconds that no person meets, so the time is taken inside the page.
 * Arm before the tap or the navigation; the returned promise gives the
 * milliseconds.
 */
export async function armPageTimer(
  page: Page,
  selector: string,
  from: 'nextClick' | 'now',
): Promise<() => Promise<number>> {
  const name = `__patravaliTimer${Math.random().toString(36).slice(2)}`;
  // A string, not a function: the bench runs under tsx, whose helpers are not in the page.
  // Not the promise itself: evaluate would wait for it.
  await page.evaluate(`void (window[${JSON.stringify(name)}] = new Promise((resolve) => {
    let start = ${from === 'now' ? 'performance.now()' : '-1'};
    if (start < 0)
      document.addEventListener('click', (e) => { start = e.timeStamp; }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (start < 0 || document.querySelector(${JSON.stringify(selector)}) === null) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  }))`);
  return () => page.evaluate(`window[${JSON.stringify(name)}]`) as Promise<number>;
}
