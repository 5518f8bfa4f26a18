import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import { VIKASNAGAR } from '../generate.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer } from '../lib/server.ts';
import { exchange, PUSH_ONLY_CURSOR } from '../lib/wire.ts';
import { setupOffice } from './office.ts';

/**
 * Cold start in Chromium: a tablet that already holds the office (synced by
 * the real app) closes the browser; we reopen it and time from navigation to
 * the first row of the `Inbox` region. Run for an office of 50 and of 5,000
 * records; the ratio shows whether start-up grows with what is stored.
 */

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const SYNC_TIMEOUT_MS = 10 * 60_000;
const UI_TIMEOUT_MS = 120_000;

async function launch(
  executablePath: string,
  profile: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 800, height: 1280 },
    serviceWorkers: 'allow',
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
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
              const row = get.result as { value?: unknown } | undefined;
              resolve(typeof row?.value === 'number' ? row.value : 0);
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
async function waitForCursor(page: Page, head: number): Promise<void> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while ((await deviceCursor(page)) < head) {
    if (Date.now() > deadline) throw new Error(`the app did not catch up to seq ${head} in time`);
    await page.waitForTimeout(500); // polling a condition, bounded by the deadline
  }
}

const firstInboxRow = (page: Page) =>
  page.getByRole('region', { name: 'Inbox' }).getByRole('row').nth(1);

async function coldStarts(
  executablePath: string,
  appDir: string,
  size: number,
  runs: number,
): Promise<{ ms: number[]; rows: number }> {
  const server = await startPatravaliServer(appDir);
  const profile = mkdtempSync(join(tmpdir(), 'patravali-chromium-'));
  let open: BrowserContext | null = null;
  try {
    const bench = await setupOffice(server, VIKASNAGAR, size, 21);
    const anyone = bench.sessions.values().next().value;
    if (anyone === undefined) throw new Error('office without sessions');
    const head = (await exchange(anyone, PUSH_ONLY_CURSOR, [])).headSeq;
    let { context, page } = await launch(executablePath, profile);
    open = context;
    await page.goto(`${server.origin}/?lang=en`);
    await page
      .getByLabel('Username', { exact: true })
      .fill('clerk.vikasnagar', { timeout: UI_TIMEOUT_MS });
    await page.getByLabel('Password', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForCursor(page, head);
    await firstInboxRow(page).waitFor({ timeout: UI_TIMEOUT_MS });
    await context.close();
    open = null;
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      ({ context, page } = await launch(executablePath, profile));
      open = context;
      const t0 = performance.now();
      await page.goto(`${server.origin}/`, { waitUntil: 'commit' });
      await firstInboxRow(page).waitFor({ timeout: UI_TIMEOUT_MS });
      ms.push(performance.now() - t0);
      rows = (await page.getByRole('region', { name: 'Inbox' }).getByRole('row').count()) - 1;
      await context.close();
      open = null;
    }
    return { ms, rows };
  } finally {
    await open?.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function benchColdStart(report: Report, appDir: string, runs = 3): Promise<void> {
  const executablePath = await ensureChromium();
  const small = await coldStarts(executablePath, appDir, 50, runs);
  const large = await coldStarts(executablePath, appDir, 5000, runs);
  report.table(
    `Cold start to an interactive inbox in Chromium (median of ${runs}; 800×1280)`,
    ['records on device', 'rows in inbox', 'cold starts ms', 'median ms'],
    [
      ['50', small.rows, small.ms.map((m) => m.toFixed(0)).join(' / '), median(small.ms)],
      ['5000', large.rows, large.ms.map((m) => m.toFixed(0)).join(' / '), median(large.ms)],
    ],
  );
  report.add('device.inbox_50.cold_start', median(small.ms), 'ms');
  report.add('device.inbox_5000.cold_start', median(large.ms), 'ms');
  report.add('device.inbox_5000_vs_50.time_ratio', median(large.ms) / median(small.ms), 'ratio');
}
