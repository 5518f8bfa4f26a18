// Issue 16's whole flow with every step taken offline, in real Chromium on two tablets:
// the desk assistant drafts a letter in a new file and sends the file to the tehsildar;
// the tehsildar revises the draft, approves it and sends the file back; the desk
// assistant dispatches it. Each tablet is offline while it works, and its work reaches
// the other only once it is back online; in the end both tablets show the same
// dispatched letter, approved version and dispatch number. Vikasnagar keeps a running
// dispatch register (decision 0008): offline the desk's tablet says the register number
// comes after sync; after sync the server's register number appears beside the tablet's
// number on both tablets (screenshots of the tehsildar's register in English and Hindi).
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  openMenu,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import {
  CLERK,
  TEHSILDAR,
  openFromInbox,
  startDeskAndTehsildar,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const SUBJECT = 'Report on the Dhakrani encroachment';
const TO = 'SDM Vikasnagar';
const REVISED = 'रिपोर्ट संलग्न है। कृपया अवलोकन करें।';

const lettersOf = (page: Page): Locator =>
  page.getByRole('region', { name: 'Draft letters', exact: true });

/** Takes the tablet offline and waits until its sync light says so. */
async function goOffline(tablet: Tablet): Promise<void> {
  await tablet.setOffline(true);
  await waitForSyncStatus(tablet.page, /^Offline/);
}

/** Brings the tablet back and waits until what it did offline has reached the server. */
async function goOnline(tablet: Tablet): Promise<void> {
  await tablet.setOffline(false);
  await waitForSyncStatus(tablet.page, /^Synced/);
}

describe('a letter drafted, approved and dispatched offline on two tablets', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  let dispatchNumber = '';

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
    // Offline, pages come from the precache: both tablets are ready to work offline first.
    await Promise.all([desk, tehsildar].map((t) => waitForActiveServiceWorker(t.page)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant, offline, opens a file, drafts a letter and sends the file', async () => {
    const { page } = desk;
    await goOffline(desk);
    await createFile(page, SUBJECT, 'Land records');
    const letters = lettersOf(page);
    await letters.getByRole('button', { name: 'New draft letter', exact: true }).click();
    await letters
      .getByLabel('Template', { exact: true })
      .selectOption({ label: 'Report to the district' });
    await letters.getByLabel('To', { exact: true }).fill(TO);
    await letters.getByRole('button', { name: 'Save letter', exact: true }).click();
    await letters.getByRole('button', { name: 'Edit draft', exact: true }).waitFor();
    await sendFile(page, { to: TEHSILDAR.name });
    // Nothing has left the tablet yet: the tehsildar's inbox learns of it only after sync.
    await goOnline(desk);
  });

  it('the tehsildar, offline, revises the draft, approves it and sends the file back', async () => {
    const { page } = tehsildar;
    await openFromInbox(page, SUBJECT);
    await goOffline(tehsildar);
    const letters = lettersOf(page);
    await letters.getByRole('button', { name: 'Edit draft', exact: true }).click();
    await letters.getByLabel('Letter', { exact: true }).fill(REVISED);
    await letters.getByRole('button', { name: 'Save letter', exact: true }).click();
    await letters.getByText('Versions (2)', { exact: true }).waitFor();
    await letters.getByRole('button', { name: 'Approve draft', exact: true }).click();
    await letters.getByText(/Approved by Anita Bisht .* \(version 2\)/).waitFor();
    await sendFile(page, { to: CLERK.name });
    await goOnline(tehsildar);
  });

  it('the desk assistant, offline, dispatches it; the number reaches the tehsildar after sync', async () => {
    const { page } = desk;
    await openFromInbox(page, SUBJECT);
    const letters = lettersOf(page);
    // The tehsildar's revision and approval arrived with the file.
    await letters.getByText(/Approved by Anita Bisht .* \(version 2\)/).waitFor();
    await goOffline(desk);
    await letters.getByRole('button', { name: 'Dispatch', exact: true }).click();
    const dialog = letters.getByRole('form', { name: 'Dispatch the letter' });
    await dialog.getByLabel('Dispatch mode', { exact: true }).selectOption({ label: 'Post' });
    await dialog.getByRole('button', { name: 'Dispatch', exact: true }).click();
    const dispatched = letters.locator('.letter-dispatch');
    dispatchNumber = (await dispatched.locator('strong').first().innerText()).trim();
    expect(dispatchNumber).toMatch(/^VKN\/DSP\/\d{4}\/\d+-1\(I\)$/);
    // Offline, the running register's number is still to come.
    expect(await dispatched.innerText()).toContain(
      'Register number: Register number comes after sync',
    );
    await goOnline(desk);
    // Synced: the server's register number for the dispatch's year beside the tablet's.
    const year = dispatchNumber.split('/')[2] ?? '';
    const numbered = dispatched.locator('strong').nth(1);
    await numbered.waitFor({ timeout: 60_000 });
    const registerNumber = (await numbered.innerText()).trim();
    expect(registerNumber).toMatch(new RegExp(`^VKN/DR/${year}/\\d+$`));

    // The tehsildar's tablet lists the dispatched letter under the desk's number, with the
    // register number beside it.
    await openMenu(tehsildar.page, 'en');
    await tehsildar.page.getByRole('link', { name: 'Dispatch register', exact: true }).click();
    const row = tehsildar.page.getByRole('row').filter({ hasText: dispatchNumber });
    await row.filter({ hasText: registerNumber }).waitFor({ timeout: 60_000 });
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells.slice(1, 3)).toEqual([dispatchNumber, registerNumber]);
    expect(await row.innerText()).toContain(TO);
    await mkdir(SHOTS, { recursive: true });
    await tehsildar.page.screenshot({ path: join(SHOTS, 'running-register-en.png') });
    await tehsildar.page.getByRole('button', { name: 'Change language: हिन्दी' }).click();
    await tehsildar.page.getByRole('columnheader', { name: 'पंजी संख्या' }).waitFor();
    await tehsildar.page.screenshot({ path: join(SHOTS, 'running-register-hi.png') });
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
