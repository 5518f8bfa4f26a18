import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import { VIKASNAGAR } from '../generate.ts';
import {
  launchTablet,
  median,
  serverHead,
  signInApp,
  UI_TIMEOUT_MS,
  waitForCursor,
} from '../lib/chromium.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer } from '../lib/server.ts';
import { setupOffice } from './office.ts';

/**
 * Cold start in Chromium: a tablet that already holds the office (synced by
 * the real app) closes the browser; we reopen it and time from navigation to
 * the first row of the `Inbox` region. Run for an office of 50 and of 5,000
 * records; the ratio shows whether start-up grows with what is stored.
 */

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
    const head = await serverHead(bench);
    let { context, page } = await launchTablet(executablePath, profile);
    open = context;
    await signInApp(page, server.origin, 'clerk.vikasnagar');
    await waitForCursor(page, head);
    await firstInboxRow(page).waitFor({ timeout: UI_TIMEOUT_MS });
    await context.close();
    open = null;
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      ({ context, page } = await launchTablet(executablePath, profile));
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
