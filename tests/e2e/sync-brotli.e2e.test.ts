// Sync responses in brotli: a tablet on the classroom's HTTPS origin (as the app is
// served) offers br, the server answers br and the tablet joins the demo office from
// those pages. Chromium 156 offers br on the other e2e files' http://127.0.0.1 too (a
// potentially trustworthy origin: "gzip, deflate, br, zstd"), so they decode brotli as
// well; a client offering only gzip is answered gzip (tests/integration/sync-compression).
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import {
  launchTabletContext,
  openApp,
  signIn,
  startServer,
  waitForSyncStatus,
  type RunningServer,
} from './harness.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

interface SyncExchange {
  readonly offered: string;
  readonly coding: string | null;
}

/** Every /api/sync exchange of the context: what Chromium offered, how the server answered. */
function watchSync(context: BrowserContext): SyncExchange[] {
  const seen: SyncExchange[] = [];
  context.on('response', (response) => {
    if (new URL(response.url()).pathname !== '/api/sync') return;
    void response
      .request()
      .allHeaders()
      .then((sent) =>
        seen.push({
          offered: sent['accept-encoding'] ?? '',
          coding: response.headers()['content-encoding'] ?? null,
        }),
      );
  });
  return seen;
}

/** Joins the demo office: "Synced" only once every page has been decoded and applied. */
async function joinDemo(page: Page, url: string): Promise<void> {
  await openApp(page, url, 'en');
  await signIn(page, CLERK.username, PASSWORD);
  await waitForSyncStatus(page, /^Synced/);
}

describe('sync responses in brotli', () => {
  let server: RunningServer;
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startServer({ env: { PATRAVALI_HTTPS: '1', PATRAVALI_DEMO_CONTENT: '1' } });
    const cert = await readFile(join(server.dataDir, 'tls', 'server.crt'), 'utf8');
    const der = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    const spki = createHash('sha256').update(der).digest('base64');
    dir = await mkdtemp(join(tmpdir(), 'patravali-e2e-brotli-'));
    ({ context } = await launchTabletContext(await ensureChromium(), dir, [
      `--ignore-certificate-errors-spki-list=${spki}`,
    ]));
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await server?.stop();
    await server?.removeData();
  });

  it('a tablet on HTTPS offers br and joins from brotli pages', async () => {
    expect(server.url).toMatch(/^https:\/\//);
    const seen = watchSync(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await joinDemo(page, server.url);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => /\bbr\b/.test(s.offered))).toBe(true);
    // Small answers (the idle sync) go as they are; every compressed one is brotli.
    expect(seen.filter((s) => s.coding !== null).map((s) => s.coding)).toContain('br');
    expect(seen.filter((s) => s.coding !== null && s.coding !== 'br')).toEqual([]);
  });
});
