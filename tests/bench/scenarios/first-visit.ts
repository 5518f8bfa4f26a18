import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import { enOffline } from '../../../src/i18n/features/offline.en.ts';
import { launchTablet, UI_TIMEOUT_MS } from '../lib/chromium.ts';
import { seeded } from '../lib/random.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer } from '../lib/server.ts';
import { startShaper, type LinkProfile } from '../lib/shaper.ts';

/**
 * A fresh tablet's first visit over a slow link, in Chromium: the real server
 * serves the built app through the link shaper, and we time from navigation to
 * (1) the sign-in form being usable (the shell has arrived and run), (2) the
 * service worker being installed (its precache stored; Chromium ends an install
 * that runs past five minutes) and (3) the app saying "Ready to work offline"
 * (the later files stored too, src/pwa/later-assets.ts), then check that it really opens with the network off. Bytes are
 * what crossed the link downstream (headers included).
 *
 * `compressed: false` serves a copy of the build without its brotli and gzip
 * copies, as the server sent it before scripts/precompress.ts, for a
 * before/after; the benchmark itself runs the app as built.
 */

export interface FirstVisit {
  readonly interactiveS: number;
  readonly interactiveBytes: number;
  /** The service worker's install done (its precache), activated. */
  readonly installedS: number;
  readonly installedBytes: number;
  readonly readyS: number;
  readonly readyBytes: number;
  /** Content-Encoding of the scripts and styles the browser received, with counts. */
  readonly encodings: ReadonlyMap<string, number>;
  readonly opensOffline: boolean;
}

const READY_TIMEOUT_MS = 30 * 60_000;

function withoutCompressedCopies(appDir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'patravali-dist-plain-'));
  cpSync(appDir, copy, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  return copy;
}

export async function firstVisit(
  appDir: string,
  link: LinkProfile,
  compressed = true,
): Promise<FirstVisit> {
  const executablePath = await ensureChromium();
  const served = compressed ? appDir : withoutCompressedCopies(appDir);
  const server = await startPatravaliServer(served);
  const shaper = await startShaper(server.port, link, seeded(20));
  const profile = mkdtempSync(join(tmpdir(), 'patravali-chromium-'));
  let context: BrowserContext | null = null;
  try {
    const tablet = await launchTablet(executablePath, profile);
    context = tablet.context;
    const { page } = tablet;
    const encodings = new Map<string, number>();
    page.on('response', (response) => {
      if (!/\.(js|css)$/.test(new URL(response.url()).pathname)) return;
      const encoding = response.headers()['content-encoding'] ?? 'none';
      encodings.set(encoding, (encodings.get(encoding) ?? 0) + 1);
    });
    const t0 = performance.now();
    await page.goto(`${shaper.origin}/?lang=en`, { waitUntil: 'commit', timeout: UI_TIMEOUT_MS });
    await page
      .getByLabel('Username', { exact: true })
      .waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
    const interactiveS = (performance.now() - t0) / 1000;
    const interactiveBytes = shaper.stats.down;
    await page.evaluate(async () => {
      const active = (await navigator.serviceWorker.ready).active;
      if (active === null || active.state === 'activated') return;
      await new Promise<void>((resolve) =>
        active.addEventListener('statechange', () => {
          if (active.state === 'activated') resolve();
        }),
      );
    });
    const installedS = (performance.now() - t0) / 1000;
    const installedBytes = shaper.stats.down;
    await page
      .getByText(enOffline['offline.ready'])
      .waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
    const readyS = (performance.now() - t0) / 1000;
    const readyBytes = shaper.stats.down;
    // What the note promises: the app opens again with no network at all.
    await context.setOffline(true);
    await page.reload({ waitUntil: 'commit' });
    const opensOffline = await page
      .getByLabel('Username', { exact: true })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS })
      .then(
        () => true,
        () => false,
      );
    return {
      interactiveS,
      interactiveBytes,
      installedS,
      installedBytes,
      readyS,
      readyBytes,
      encodings,
      opensOffline,
    };
  } finally {
    await context?.close();
    await shaper.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    if (served !== appDir) rmSync(served, { recursive: true, force: true });
  }
}

export async function benchFirstVisit(
  report: Report,
  appDir: string,
  link: LinkProfile,
): Promise<void> {
  const visit = await firstVisit(appDir, link);
  const encodings = [...visit.encodings].map(([e, n]) => `${e} ×${n}`).join(', ');
  report.table(
    `A fresh tablet's first visit in Chromium over ${link.name} (the app as built; scripts and styles arrived as: ${encodings})`,
    ['until', 'time (s)', 'bytes down'],
    [
      ['sign-in form usable (the shell)', visit.interactiveS, visit.interactiveBytes],
      ['service worker installed (the precache)', visit.installedS, visit.installedBytes],
      ['"Ready to work offline" (the whole precache)', visit.readyS, visit.readyBytes],
    ],
  );
  if (!visit.opensOffline) report.note('NOT OFFLINE: the app did not open with the network off');
  const key = `device.first_visit_${link.name.toLowerCase()}`;
  report.add(`${key}.interactive_time`, visit.interactiveS, 's');
  report.add(`${key}.install_time`, visit.installedS, 's');
  report.add(`${key}.offline_ready_time`, visit.readyS, 's');
  report.add(`${key}.offline_ready_bytes`, visit.readyBytes, 'bytes');
}
