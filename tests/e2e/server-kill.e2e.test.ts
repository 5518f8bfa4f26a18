// The server is killed hard (SIGKILL) mid-day and restarted on the same data dir and
// port: everything it acknowledged is still there, and the tablets carry on — work
// done while it was down syncs once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  launchBrowser,
  noteSheet,
  openApp,
  saveDraftNoting,
  sendFile,
  signIn,
  startServer,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { CLERK, openFromInbox, PASSWORD, TEHSILDAR } from './harness/pwa.ts';

const BEFORE = 'Arms licence renewal, Shri Negi';
const DURING = 'Mining lease inspection, Yamuna bank';
const N_BEFORE = 'Police verification is clear; renewal recommended.';
const N_DURING = 'Inspection report of the mining inspector is attached.';

describe('server killed and restarted mid-day', () => {
  const servers: RunningServer[] = [];
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;

  beforeAll(async () => {
    servers.push(await startServer());
    browser = await launchBrowser();
    desk = await browser.newTablet('desk-crash');
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    await servers[0]?.removeData();
  });

  it('acknowledged work survives SIGKILL; work done while it is down syncs after', async () => {
    const first = servers[0]!;
    const { page } = desk;
    await openApp(page, first.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, BEFORE, 'Establishment');
    await saveDraftNoting(page, N_BEFORE);
    await page.getByText('Draft saved').waitFor();
    await sendFile(page, { to: TEHSILDAR.name });
    await waitForSyncStatus(page, /^Synced/); // acknowledged: committed on the server

    await first.kill9();
    await createFile(page, DURING, 'Revenue');
    await saveDraftNoting(page, N_DURING);
    await page.getByText('Draft saved').waitFor();
    await sendFile(page, { to: TEHSILDAR.name });
    await waitForSyncStatus(page, /Offline|pending/);

    const second = await startServer({
      dataDir: first.dataDir,
      port: Number(new URL(first.url).port),
    });
    servers.push(second);
    expect(second.url).toBe(first.url);
    // The device carries on by itself (backoff retry / reconnecting push channel).
    await waitForSyncStatus(page, /^Synced/);

    // A tablet that never saw the first server gets both files from the restarted one.
    tehsildar = await browser.newTablet('tehsildar-after-crash');
    await openApp(tehsildar.page, second.url, 'en');
    await signIn(tehsildar.page, TEHSILDAR.username, PASSWORD);
    await openFromInbox(tehsildar.page, BEFORE);
    await noteSheet(tehsildar.page).getByText(N_BEFORE).waitFor();
    await openFromInbox(tehsildar.page, DURING);
    await noteSheet(tehsildar.page).getByText(N_DURING).waitFor();
    expect([...desk.pageErrors, ...tehsildar.pageErrors]).toEqual([]);
  });
});
