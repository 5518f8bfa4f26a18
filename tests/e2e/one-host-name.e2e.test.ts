// One host name for both tiers (issue 18, decisions 0015 and 0017), in real Chromium with
// Chrome's Local Network Access rules in force: the tablets open `https://patravali.test`,
// which the office LAN's DNS answers with the relay's private address and every other
// resolver with the district's public one (here `--host-resolver-rules`, the district on
// 127.0.0.2 told to Chromium as a public address, the relay on 127.0.0.3 as a private one,
// both on one port). Both tiers serve the deployment's own certificate for that name
// (PATRAVALI_TLS_CERT / PATRAVALI_TLS_KEY), issued by a test authority.
//
// The desk assistant's tablet is set up at the district (the collectorate, or mobile data
// in the field): it never signs in at the relay. Carried into the office, the same origin
// (the same IndexedDB and service worker) is answered by the relay: on the district's
// word for the relay's log key the tablet takes the relay as its other tier, with no log
// alarm, and her file reaches the tehsildar's tablet at the relay.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCa, testLeaf } from '../fixtures/test-certificates.ts';
import {
  addRelayKey,
  startDistrict,
  startRelay,
  type Child,
} from '../integration/relay-processes.ts';
import { tempDir } from '../integration/server-harness.ts';
import {
  createFile,
  ensureBuilt,
  inboxItem,
  launchBrowser,
  launchTabletContext,
  openApp,
  sendFile,
  signIn,
  waitForSyncStatus,
  type TabletBrowser,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, waitForActiveServiceWorker } from './harness/pwa.ts';
import { REPO_ROOT } from './harness/paths.ts';

const HOST = 'patravali.test';
const DISTRICT_IP = '127.0.0.2';
const RELAY_IP = '127.0.0.3';
const SUBJECT = 'Mutation of khasra 117, Dhakrani';
const UI_TIMEOUT_MS = 60_000;

/** A port free on both addresses now: the two tiers must answer the one origin's port. */
async function portFreeOn(hosts: readonly string[]): Promise<number> {
  const tryPort = (port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, host, () => {
        const address = probe.address();
        const got = typeof address === 'object' && address !== null ? address.port : 0;
        probe.close(() => resolve(got));
      });
    });
  for (;;) {
    const port = await tryPort(0, hosts[0] ?? '127.0.0.1');
    const rest = await Promise.all(hosts.slice(1).map((h) => tryPort(port, h).catch(() => 0)));
    if (rest.every((p) => p === port)) return port;
  }
}

describe('one host name, either tier: a tablet set up at the district goes on at the relay', () => {
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child | undefined;
  let relay: Child | undefined;
  let browser: TabletBrowser | undefined;
  let origin = '';
  let spki = '';
  let port = 0;

  beforeAll(async () => {
    await ensureBuilt();
    const districtData = await tempDir('patravali-e2e-district-');
    const relayData = await tempDir('patravali-e2e-relay-');
    const tls = await tempDir('patravali-e2e-tls-');
    dirs.push(districtData, relayData, tls);
    const ca = await testCa();
    const leaf = await testLeaf(ca, HOST, {}, [DISTRICT_IP, RELAY_IP]);
    const files = {
      cert: join(tls.path, 'fullchain.pem'),
      key: join(tls.path, 'privkey.pem'),
      ca: join(tls.path, 'ca.pem'),
    };
    await writeFile(files.cert, leaf.cert + ca.cert);
    await writeFile(files.key, leaf.key);
    await writeFile(files.ca, ca.cert);
    const der = new X509Certificate(leaf.cert).publicKey.export({ type: 'spki', format: 'der' });
    spki = createHash('sha256').update(der).digest('base64');

    port = await portFreeOn([DISTRICT_IP, RELAY_IP]);
    origin = `https://${HOST}:${port}`;
    const tlsEnv = {
      PATRAVALI_TLS_CERT: files.cert,
      PATRAVALI_TLS_KEY: files.key,
      PATRAVALI_STATIC_DIR: join(REPO_ROOT, 'dist'),
      PORT: String(port),
    };
    district = await startDistrict(districtData.path, { ...tlsEnv, HOST: DISTRICT_IP });
    const key = await addRelayKey(districtData.path, 'VKN');
    relay = await startRelay(relayData.path, `https://${DISTRICT_IP}:${port}`, 'VKN', key, {
      ...tlsEnv,
      HOST: RELAY_IP,
      // The relay reaches the district by its address; it trusts the state's authority.
      NODE_EXTRA_CA_CERTS: files.ca,
      PATRAVALI_RELAY_TIMEOUT_MS: '5000',
      PATRAVALI_RELAY_BACKOFF_MS: '400',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  /** Chromium as a tablet where `patravali.test` resolves to `ip`, LNA in force. */
  const args = (ip: string) => [
    `--host-resolver-rules=MAP ${HOST} ${ip}`,
    `--ignore-certificate-errors-spki-list=${spki}`,
    `--ip-address-space-overrides=${DISTRICT_IP}:${port}=public,${RELAY_IP}:${port}=local`,
  ];

  it("moves the desk assistant's file to the tehsildar through the relay, with no log alarm", async () => {
    const executablePath = browser?.executablePath ?? '';
    const profile = await mkdtemp(join(tmpdir(), 'patravali-e2e-tablet-'));
    let desk: { context: BrowserContext; page: Page } | undefined;
    try {
      // At the collectorate: the name is answered by the district.
      desk = await launchTabletContext(executablePath, profile, args(DISTRICT_IP));
      await openApp(desk.page, origin, 'en');
      await signIn(desk.page, CLERK.username, PASSWORD);
      await waitForActiveServiceWorker(desk.page);
      await waitForSyncStatus(desk.page, /^Synced/);
      // Local Network Access is in force: a page from the public address cannot reach
      // the relay's private one.
      const probe = await desk.context.newPage();
      await probe.goto(`${origin}/healthz`);
      const reaches = (url: string) =>
        probe.evaluate(
          (u) =>
            fetch(u, { mode: 'no-cors' }).then(
              () => true,
              () => false,
            ),
          url,
        );
      expect(await reaches(`${origin}/healthz`)).toBe(true);
      expect(await reaches(`https://${RELAY_IP}:${port}/healthz`)).toBe(false);
      await probe.close();
      await desk.context.close();

      // In the office: the same origin, answered by the relay on the LAN.
      // No permission is given: the app's page comes from the tablet's service worker,
      // and its requests to the relay are not a public page reaching the LAN.
      desk = await launchTabletContext(executablePath, profile, args(RELAY_IP));
      await openApp(desk.page, origin, 'en');
      await createFile(desk.page, SUBJECT, 'Land records');
      await sendFile(desk.page, { to: TEHSILDAR.name, remarks: 'For orders.' });
      await waitForSyncStatus(desk.page, /^Synced/);
      expect(await desk.page.getByRole('alert', { name: 'Server log alarm' }).count()).toBe(0);

      // The tehsildar's tablet at the relay gets it.
      const tehsildar = await browser?.newTablet('tehsildar', args(RELAY_IP));
      if (tehsildar === undefined) throw new Error('no browser');
      await openApp(tehsildar.page, origin, 'en');
      await signIn(tehsildar.page, TEHSILDAR.username, PASSWORD);
      await inboxItem(tehsildar.page, SUBJECT).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(relay?.output()).toContain('the district vouched for its log key');
    } finally {
      await desk?.context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
