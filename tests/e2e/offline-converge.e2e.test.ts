// Both tablets go offline and keep working; when the network returns they converge
// within 60 s: every noting once, in order, and each side sees the other's work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  noteSheet,
  saveDraftNoting,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import {
  CLERK,
  TEHSILDAR,
  notingTexts,
  openFromInbox,
  startDeskAndTehsildar,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const SHARED = 'Pension of Smt. Kamla Devi, retired teacher';
const OFFLINE_NEW = 'Relief cheque for landslide at Tyuni road';
const N1 = 'Service book verified; pension papers complete.';
const N2 = 'Sanctioned. Forward to the treasury.';
const N3 = 'Landslide damage assessed at two houses; relief recommended.';
const CONVERGE_MS = 60_000;

describe('offline on both tablets, then converge', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar([
      'desk-offline',
      'tehsildar-offline',
    ]));
    // Online start: a file with the tehsildar, opened on her tablet.
    await createFile(desk.page, SHARED, 'Pensions');
    await saveDraftNoting(desk.page, N1);
    await desk.page.getByText('Draft saved').waitFor();
    await sendFile(desk.page, { to: TEHSILDAR.name });
    await waitForSyncStatus(desk.page, /^Synced/);
    await openFromInbox(tehsildar.page, SHARED);
    await noteSheet(tehsildar.page).getByText(N1).waitFor();
    await waitForSyncStatus(tehsildar.page, /^Synced/);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('both tablets make changes while offline', async () => {
    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await Promise.all([desk, tehsildar].map((t) => waitForActiveServiceWorker(t.page)));
    await Promise.all([desk.setOffline(true), tehsildar.setOffline(true)]);

    // The tehsildar notes and sends the shared file back.
    await saveDraftNoting(tehsildar.page, N2);
    await sendFile(tehsildar.page, { to: CLERK.name, remarks: 'Sanctioned.' });
    await noteSheet(tehsildar.page).getByText(N2).waitFor();

    // The desk assistant opens a new file and sends it up.
    await createFile(desk.page, OFFLINE_NEW, 'Disaster relief');
    await saveDraftNoting(desk.page, N3);
    await desk.page.getByText('Draft saved').waitFor();
    await sendFile(desk.page, { to: TEHSILDAR.name });
    await noteSheet(desk.page).getByText(N3).waitFor();

    // Each tablet tried to sync its change, found no network and keeps it pending.
    await waitForSyncStatus(desk.page, /Offline/);
    await waitForSyncStatus(tehsildar.page, /Offline/);
  });

  it('the network returns and both converge within 60 s, notings in order, no duplicates', async () => {
    await Promise.all([desk.setOffline(false), tehsildar.setOffline(false)]);
    const started = Date.now();
    await openFromInbox(desk.page, SHARED);
    await noteSheet(desk.page).getByText(N2).waitFor({ timeout: CONVERGE_MS });
    await openFromInbox(tehsildar.page, OFFLINE_NEW);
    await noteSheet(tehsildar.page).getByText(N3).waitFor({ timeout: CONVERGE_MS });
    await waitForSyncStatus(desk.page, /^Synced/);
    await waitForSyncStatus(tehsildar.page, /^Synced/);
    expect(Date.now() - started).toBeLessThan(CONVERGE_MS);

    expect(await notingTexts(desk.page, [N1, N2])).toEqual([N1, N2]);
    expect(await notingTexts(tehsildar.page, [N3])).toEqual([N3]);
    await openFromInbox(desk.page, SHARED);
    await openFromInbox(tehsildar.page, OFFLINE_NEW);
    // The tehsildar's own copy of the shared file also reads 1, 2 — once each.
    await tehsildar.page.goto(desk.page.url());
    await noteSheet(tehsildar.page).getByText(N2).waitFor();
    expect(await notingTexts(tehsildar.page, [N1, N2])).toEqual([N1, N2]);
    expect([...desk.pageErrors, ...tehsildar.pageErrors]).toEqual([]);
  });
});
