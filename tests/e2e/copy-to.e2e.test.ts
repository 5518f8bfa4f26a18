// Copy to (issue 17) in real Chromium on two tablets: the desk assistant sends a file to
// the kanungo with a copy to the tehsildar; through the server the tehsildar's tablet
// shows it under For information (not with her), she reads it, finds no Send (nor any
// other move), and marks it seen. The Send dialog and the For information list are
// photographed in English and Hindi and checked for colour contrast with axe.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import {
  createFile,
  inboxRegion,
  noteSheet,
  openApp,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import { CLERK, startDeskAndTehsildar } from './harness/pwa.ts';

const SUBJECT = 'Demarcation of khasra 214, Dhakrani';
const KANUNGO = 'Mohan Singh Negi';
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');

describe('a file sent with Copy to', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  let fileNumber = '';

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant sends it to the kanungo with a copy to the tehsildar', async () => {
    const { page } = desk;
    fileNumber = await createFile(page, SUBJECT, 'Land records');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Send to', { exact: true }).selectOption('kanungo.vikasnagar');
    await dialog.getByLabel('Search people for Copy to', { exact: true }).fill('Anita');
    const copyTo = dialog.getByRole('group', { name: 'Copy to', exact: true });
    await copyTo.getByRole('checkbox', { name: /Anita Bisht/ }).check();
    await dialog.getByText('Copies to: Anita Bisht').waitFor();
    await dialog.screenshot({ path: join(SHOTS, 'send-copy-to-en.png') });
    expect(await contrastViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const copies = page.getByRole('region', { name: 'Copies for information', exact: true });
    await copies.getByText('Anita Bisht — not seen yet').waitFor();
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar’s tablet shows it for information; she cannot send it, and marks it seen', async () => {
    const { page } = tehsildar;
    const inbox = inboxRegion(page);
    await inbox.getByRole('tab', { name: 'For information', exact: true }).click();
    const row = inbox.getByRole('row').filter({ hasText: SUBJECT });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.innerText()).toContain('For information');
    expect(await row.innerText()).toContain(`with ${KANUNGO}`);
    expect(await contrastViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'inbox-for-information-en.png') });
    // Not with her: the With me tab does not list it.
    await inbox.getByRole('tab', { name: 'With me', exact: true }).click();
    expect(await inbox.getByRole('row').filter({ hasText: SUBJECT }).count()).toBe(0);

    await inbox.getByRole('tab', { name: 'For information', exact: true }).click();
    await row.getByRole('link', { name: fileNumber }).click();
    await page.getByRole('heading', { level: 1, name: fileNumber }).waitFor();
    await noteSheet(page).waitFor();
    const notice = page.getByRole('region', { name: 'For information', exact: true });
    await notice.getByText(`${CLERK.name} sent you this file for information`).waitFor();
    expect(await contrastViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'file-for-information-en.png'), fullPage: true });
    for (const name of ['Send', 'Pull back', 'Park', 'Close file'])
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Noting', { exact: true }).count()).toBe(0);
    await notice.getByRole('button', { name: 'Mark seen', exact: true }).click();
    await notice.getByText(/^You marked it seen on /).waitFor();
    await waitForSyncStatus(page, /^Synced/);
    expect(tehsildar.pageErrors).toEqual([]);
  });

  it('the desk assistant sees that the copy was seen; the dialog and list read in Hindi', async () => {
    const { page } = desk;
    const copies = page.getByRole('region', { name: 'Copies for information', exact: true });
    await copies.getByText(/^Anita Bisht — seen /).waitFor({ timeout: 60_000 });

    await openApp(page, server.url, 'hi');
    await page.getByRole('link', { name: hi['nav.newFile'], exact: true }).waitFor();
    await page.getByRole('link', { name: hi['nav.newFile'], exact: true }).click();
    await page.getByLabel(hi['newFile.subject'], { exact: true }).fill('सीमांकन खसरा 215');
    await page.getByRole('button', { name: hi['newFile.create'], exact: true }).click();
    await page.getByRole('button', { name: hi['file.send'], exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('group', { name: hi['copy.to'], exact: true })
      .getByRole('checkbox', { name: /अनीता बिष्ट/ })
      .check();
    expect(await contrastViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.screenshot({ path: join(SHOTS, 'send-copy-to-hi.png') });
    await dialog.getByRole('button', { name: hi['send.cancel'], exact: true }).click();

    await openApp(tehsildar.page, server.url, 'hi');
    const inbox = tehsildar.page.getByRole('region', { name: hi['inbox.title'], exact: true });
    await inbox.getByRole('tab', { name: hi['copy.forInfo'], exact: true }).click();
    await inbox.getByText(hi['copy.inboxEmpty']).waitFor();
    expect(await contrastViolations(tehsildar.page, 'main')).toEqual([]);
    await tehsildar.page.screenshot({ path: join(SHOTS, 'inbox-for-information-hi.png') });
    expect(desk.pageErrors).toEqual([]);
  });
});
