// Two tablets of an office relay whose relay box goes off (issue 18, decision 0015), in
// real Chromium with Chrome's Local Network Access rules in force: the tablets' origin is
// the relay's, on the office LAN (here loopback), and the district is told to Chromium as
// a public address (`--ip-address-space-overrides`). The relay is killed with SIGKILL;
// the desk assistant's file still reaches the tehsildar at once, through the district's
// own address the relay named at sign-in: her tablet syncs there (CORS for the listed
// origin) and her push channel opens there, so the tehsildar's tablet hears of the file
// without waiting for its 5-minute timer. A page loaded from the public address cannot
// reach the relay at all, which is why the tablets' origin is the relay's and the
// district is only the fallback (docs/RELAY.md section 6).
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  navigate,
  openApp,
  sendFile,
  signIn,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import {
  CLERK,
  PASSWORD,
  TEHSILDAR,
  openFromInbox,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';
import { REPO_ROOT } from './harness/paths.ts';

const SUBJECT = 'Mutation of khasra 88, Sahiya';
const UI_TIMEOUT_MS = 60_000;

/** A port nothing listens on now, for the relay: the district must list its origin first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('an office relay goes off: its tablets go on through the district, under LNA', () => {
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child | undefined;
  let relay: Child | undefined;
  let browser: TabletBrowser | undefined;
  let desk: Tablet;
  let tehsildar: Tablet;
  let relayOrigin = '';

  beforeAll(async () => {
    await ensureBuilt();
    const districtData = await tempDir('patravali-e2e-district-');
    const relayData = await tempDir('patravali-e2e-relay-');
    dirs.push(districtData, relayData);
    const relayPort = await freePort();
    relayOrigin = `http://127.0.0.1:${relayPort}`;
    district = await startDistrict(districtData.path, { PATRAVALI_CORS_ORIGINS: relayOrigin });
    const key = await addRelayKey(districtData.path, 'VKN');
    relay = await startRelay(relayData.path, district.url, 'VKN', key, {
      PATRAVALI_STATIC_DIR: join(REPO_ROOT, 'dist'),
      PORT: String(relayPort),
      PATRAVALI_RELAY_FALLBACK: district.url,
      PATRAVALI_RELAY_TIMEOUT_MS: '5000',
      PATRAVALI_RELAY_BACKOFF_MS: '400',
    });
    expect(relay.url).toBe(relayOrigin);
    // The district is a public address to these tablets; the relay stays on the local side.
    const publicDistrict = [`--ip-address-space-overrides=${new URL(district.url).host}=public`];
    browser = await launchBrowser();
    [desk, tehsildar] = await Promise.all([
      browser.newTablet('desk-assistant', publicDistrict),
      browser.newTablet('tehsildar', publicDistrict),
    ]);
    await Promise.all([
      openApp(desk.page, relayOrigin, 'en'),
      openApp(tehsildar.page, relayOrigin, 'en'),
    ]);
    await signIn(desk.page, CLERK.username, PASSWORD);
    await signIn(tehsildar.page, TEHSILDAR.username, PASSWORD);
    // Installed, as an office's tablets are: the app's pages come from the tablet itself.
    await Promise.all([
      waitForActiveServiceWorker(desk.page),
      waitForActiveServiceWorker(tehsildar.page),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it('a page from the public address cannot reach the relay on the LAN (Local Network Access)', async () => {
    const page = await desk.context.newPage();
    try {
      await page.goto(`${district?.url ?? ''}/healthz`);
      const reached = (url: string) =>
        page.evaluate(
          (u) =>
            fetch(u, { mode: 'no-cors' }).then(
              () => true,
              () => false,
            ),
          url,
        );
      expect(await reached(`${district?.url ?? ''}/healthz`)).toBe(true);
      expect(await reached(`${relayOrigin}/healthz`)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('moves a file desk assistant → tehsildar → desk assistant with the relay killed', async () => {
    await relay?.kill();
    await createFile(desk.page, SUBJECT, 'Land records');
    await sendFile(desk.page, { to: TEHSILDAR.name, remarks: 'For orders.' });

    // No reload, no tap on Sync: her push channel, at the district now, says there is news.
    await inboxItem(tehsildar.page, SUBJECT).waitFor({ timeout: UI_TIMEOUT_MS });
    await openFromInbox(tehsildar.page, SUBJECT);
    await sendFile(tehsildar.page, { to: CLERK.name, remarks: 'Seen; proceed.' });

    await navigate(desk.page, 'Inbox');
    await inboxItem(desk.page, SUBJECT).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
