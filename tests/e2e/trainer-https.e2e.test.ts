// The classroom: the server with PATRAVALI_HTTPS=1 makes its own certificate; a
// tablet trusting that certificate (Chromium's SPKI allow-list, as a tablet that
// installed the classroom CA would) loads the app over https with an active
// service worker. Then "Practice offline" on one tablet stops its sync — the other
// tablet does not see its work — and switching it off reconciles.
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import {
  createFile,
  inboxRegion,
  launchTabletContext,
  openApp,
  openMenu,
  sendFile,
  signIn,
  startServer,
  waitForSyncStatus,
  type RunningServer,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, waitForActiveServiceWorker } from './harness/pwa.ts';

const SUBJECT = 'Practice offline: relief cheque for Kalsi';

/** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's SPKI list wants. */
function spkiHash(pem: string): string {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

interface HttpsTablet {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly dir: string;
}

/** A tablet profile that trusts exactly this server certificate (needs a user-data dir). */
async function httpsTablet(executablePath: string, spki: string): Promise<HttpsTablet> {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-e2e-https-'));
  const { context, page } = await launchTabletContext(executablePath, dir, [
    `--ignore-certificate-errors-spki-list=${spki}`,
  ]);
  return { context, page, dir };
}

describe('classroom over HTTPS', () => {
  let server: RunningServer;
  let desk: HttpsTablet;
  let tehsildar: HttpsTablet;

  beforeAll(async () => {
    server = await startServer({
      env: { PATRAVALI_HTTPS: '1', PATRAVALI_SCRYPT_LOG_N: '10', PATRAVALI_DEMO_CONTENT: '0' },
    });
    const cert = await readFile(join(server.dataDir, 'tls', 'server.crt'), 'utf8');
    const spki = spkiHash(cert);
    const executablePath = await ensureChromium();
    [desk, tehsildar] = await Promise.all([
      httpsTablet(executablePath, spki),
      httpsTablet(executablePath, spki),
    ]);
  });

  afterAll(async () => {
    for (const t of [desk, tehsildar]) {
      await t?.context.close();
      if (t) await rm(t.dir, { recursive: true, force: true });
    }
    await server?.stop();
    await server?.removeData();
  });

  it('serves the app over https with a registered, active service worker', async () => {
    expect(server.url).toMatch(/^https:\/\//);
    await openApp(desk.page, server.url, 'en');
    expect(await desk.page.evaluate(() => window.isSecureContext)).toBe(true);
    const script = await waitForActiveServiceWorker(desk.page);
    expect(script.startsWith(`${server.url}/`)).toBe(true);
  });

  it('practice offline stops one tablet’s sync; switching it off reconciles', async () => {
    await openApp(tehsildar.page, server.url, 'en');
    await signIn(desk.page, CLERK.username, PASSWORD);
    await signIn(tehsildar.page, TEHSILDAR.username, PASSWORD);
    await waitForSyncStatus(desk.page, /^Synced/);
    await waitForSyncStatus(tehsildar.page, /^Synced/);

    // The switch is behind the header's menu.
    const toggle = desk.page.getByRole('switch', { name: 'Practice offline' });
    await openMenu(desk.page);
    await toggle.click();
    await desk.page.getByText('Practice offline is on').waitFor();
    await waitForSyncStatus(desk.page, /^Offline/);

    // Work continues on the desk tablet while it practises offline.
    await createFile(desk.page, SUBJECT, 'Disaster relief');
    await sendFile(desk.page, { to: TEHSILDAR.name, remarks: 'For orders.' });
    await waitForSyncStatus(desk.page, /^Offline · 1 pending/);

    // The tehsildar's tablet syncs afresh (a reload) and still has nothing from the desk.
    await tehsildar.page.reload();
    await waitForSyncStatus(tehsildar.page, /^Synced/);
    await inboxRegion(tehsildar.page).waitFor();
    expect(await inboxRegion(tehsildar.page).innerText()).not.toContain(SUBJECT);

    // A reload keeps the switch on.
    await desk.page.reload();
    await desk.page.getByText('Practice offline is on').waitFor();
    await openMenu(desk.page);
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await waitForSyncStatus(desk.page, /^Offline/);

    await openMenu(desk.page);
    await toggle.click();
    await waitForSyncStatus(desk.page, /^Synced/);
    expect(await desk.page.getByText('Practice offline is on').count()).toBe(0);
    await inboxRegion(tehsildar.page).getByText(SUBJECT).waitFor({ timeout: 60_000 });
  });
});
