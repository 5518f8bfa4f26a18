// The office day of issue 2 across two tablets with sync in between: the desk
// assistant creates a file and sends it; the tehsildar's tablet receives it through
// the server, she notes and sends it back; the desk assistant sees noting 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  inboxRegion,
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
  isoDateInDays,
  notingTexts,
  openFromInbox,
  startDeskAndTehsildar,
} from './harness/pwa.ts';

const SUBJECT = 'Encroachment on gram sabha land, Dhakrani';
const NOTING_1 = 'Patwari report received; encroachment of 0.12 ha confirmed.';
const NOTING_2 = 'Issue notice under section 67; list for hearing.';

describe('office day across two tablets', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  let fileNumber = '';

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant creates a file, notes it and sends it to the tehsildar', async () => {
    const { page } = desk;
    fileNumber = await createFile(page, SUBJECT, 'Land records');
    await saveDraftNoting(page, NOTING_1);
    await page.getByText('Draft saved').waitFor();
    await sendFile(page, { to: TEHSILDAR.name, remarks: 'For orders.', dueDate: isoDateInDays(5) });
    await noteSheet(page).getByText(NOTING_1).waitFor();
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar’s tablet receives it through sync, with its pending age', async () => {
    const { page } = tehsildar;
    const item = inboxRegion(page)
      .getByRole('row')
      .filter({ hasText: SUBJECT })
      .or(inboxRegion(page).getByRole('listitem').filter({ hasText: SUBJECT }));
    await item.first().waitFor({ timeout: 60_000 });
    expect(await item.first().innerText()).toMatch(/pending (\d+ days?|since today)/);
    await openFromInbox(page, SUBJECT);
    await page.getByRole('heading', { level: 1, name: fileNumber }).waitFor();
    await noteSheet(page).getByText(NOTING_1).waitFor();
    expect(await noteSheet(page).innerText()).toContain(CLERK.name);
  });

  it('the tehsildar adds noting 2 and sends it back; the desk assistant sees it', async () => {
    await saveDraftNoting(tehsildar.page, NOTING_2);
    await sendFile(tehsildar.page, { to: CLERK.name, remarks: 'Done.' });
    await noteSheet(tehsildar.page).getByText(NOTING_2).waitFor();
    await waitForSyncStatus(tehsildar.page, /^Synced/);

    const { page } = desk;
    await openFromInbox(page, SUBJECT);
    await noteSheet(page).getByText(NOTING_2).waitFor({ timeout: 60_000 });
    expect(await notingTexts(page, [NOTING_1, NOTING_2])).toEqual([NOTING_1, NOTING_2]);
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
