// A fresh tablet joining its office in real Chromium (issue 20, decision 0012): the
// desk comes first, and while the rest of the office is held back (the test holds the
// first rest-phase request in the browser), the inbox shows its files and a progress
// bar for the rest, role progressbar with its values, in English; after a reload in
// Hindi it is there again, read from the tablet's store. Released, the join ends and
// the bar goes. Screenshots kept (PATRAVALI_E2E_SHOTS).
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { decodeFrame } from '@protocol/codec.ts';
import {
  inboxRegion,
  openApp,
  shareServerAndBrowser,
  signIn,
  waitForSyncStatus,
} from './harness.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const UI_MS = 60_000;

/** The join phase a sync request asks for, from its body as the browser sends it. */
function phaseOf(body: Buffer | null, gzipped: boolean): string | null {
  if (body === null) return null;
  const frame = decodeFrame(gzipped ? gunzipSync(body) : body);
  return frame.ok && frame.value.type === 'syncRequest' ? (frame.value.join?.phase ?? null) : null;
}

describe('a fresh tablet joins desk first', () => {
  // The seeded demo office: a join long enough to show its progress.
  const shared = shareServerAndBrowser({ env: { PATRAVALI_DEMO_CONTENT: '1' } });
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
  });

  it('shows the inbox and the rest arriving, again after a reload, until the join ends', async () => {
    const tablet = await shared.browser.newTablet('join-progress');
    const { page } = tablet;
    let held = true;
    const waiting: Route[] = [];
    let rest = 0;
    await page.route('**/api/sync', async (route) => {
      const req = route.request();
      const gzipped = (await req.allHeaders())['content-encoding'] === 'gzip';
      if (held && phaseOf(req.postDataBuffer(), gzipped) === 'rest') {
        rest++;
        waiting.push(route);
        return;
      }
      await route.continue();
    });
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    const inbox = inboxRegion(page);
    const bar = inbox.getByRole('progressbar', { name: /The rest of the office arriving/ });
    await bar.waitFor({ timeout: UI_MS });
    // The bar can show before the route handler (which awaits the headers) has counted the
    // first rest request it holds: awaited, not read.
    await expect.poll(() => rest, { timeout: UI_MS }).toBeGreaterThan(0);
    // The desk is in: the clerk's files are listed while the rest is held back (the list
    // and the bar are read by two live queries: awaited, not read).
    await expect.poll(() => inbox.getByRole('row').count(), { timeout: UI_MS }).toBeGreaterThan(1);
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(await bar.getAttribute('aria-valuemax')).toBe('100');
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/records? and .+ left/);
    await expect.poll(() => inbox.getByText(en['join.rest']).isVisible()).toBe(true);
    await inbox.screenshot({ path: join(SHOTS, 'join-progress-en.png') });

    // A reload, in Hindi: the bar is read from the tablet's store before any answer.
    for (const route of waiting.splice(0)) await route.abort().catch(() => undefined);
    await openApp(page, shared.server.url, 'hi');
    const hiInbox = page.getByRole('region', { name: hi['inbox.title'], exact: true });
    const hiBar = hiInbox.getByRole('progressbar', { name: /कार्यालय का बाकी/ });
    await hiBar.waitFor({ timeout: UI_MS });
    expect(await hiBar.getAttribute('aria-valuetext')).toMatch(/रिकॉर्ड और .+ बाकी/);
    await expect.poll(() => hiInbox.getByText(hi['join.rest']).isVisible()).toBe(true);
    await hiInbox.screenshot({ path: join(SHOTS, 'join-progress-hi.png') });

    // Let the rest through: the join ends and the bar goes.
    held = false;
    for (const route of waiting.splice(0)) await route.continue().catch(() => undefined);
    await openApp(page, shared.server.url, 'en');
    await waitForSyncStatus(page, /^Synced/);
    await inboxRegion(page).getByRole('progressbar').waitFor({ state: 'detached', timeout: UI_MS });
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });
});
