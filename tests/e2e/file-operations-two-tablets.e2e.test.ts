// The eOffice file operations of issue 17 on two tablets in real Chromium, through a real
// server, driven as people use them: taps on the rows and buttons they see, found by role
// and visible text. The desk assistant links two files, attaches a third under one and
// sends the main file to the tehsildar with a copy to the kanungo; the tehsildar's tablet
// shows the link on both files and the attached file moving with the main one. The desk
// assistant sends the linked file to the kanungo with a copy to the tehsildar and then
// withdraws that copy; the tehsildar's tablet shows it withdrawn. The tehsildar closes a
// file's volume and notes in the next one; the desk assistant, who has switched to Hindi,
// sees the new volume in the number and the paragraph numbers running on.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import {
  createFile,
  ensureBuilt,
  inboxRegion,
  noteSheet,
  saveDraftNoting,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import { CLERK, TEHSILDAR, startDeskAndTehsildar } from './harness/pwa.ts';

const MAIN = 'Encroachment on gram sabha land, Dhakrani';
const LINKED = 'Earlier demarcation of khasra 301, Dhakrani';
const ATTACHED = 'Patwari report on khasra 301';
const WITHDRAWN = 'Boundary dispute, khasra 305';
const VOLUMED = 'Mutation register of Langha, 2026';
const KANUNGO = 'Mohan Singh Negi';
const SYNC_MS = 60_000;
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');

/** The inbox row showing `subject` in the tab shown now. */
function inboxRow(page: Page, subject: string): Locator {
  return inboxRegion(page).getByRole('row').filter({ hasText: subject });
}

/** Taps the inbox row of `subject` (in the tab `tab`), as a person opens a record. */
async function tapInboxRow(page: Page, subject: string, tab = 'With me'): Promise<void> {
  await page.getByRole('link', { name: 'Inbox', exact: true }).tap();
  await inboxRegion(page).getByRole('tab', { name: tab, exact: true }).tap();
  const row = inboxRow(page, subject);
  await row.waitFor({ timeout: SYNC_MS });
  await row.getByText(subject).tap();
  await noteSheet(page).waitFor();
}

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** On the open file page: `Link file` or `Attach file`, narrowed by what is typed, then the pick. */
async function pickFile(
  page: Page,
  open: string,
  find: string,
  typed: string,
  pick: string,
): Promise<void> {
  await page.getByRole('button', { name: open, exact: true }).tap();
  await page.getByLabel(find, { exact: true }).fill(typed);
  await page.getByRole('button', { name: pick, exact: true }).tap();
  await page.getByLabel(find, { exact: true }).waitFor({ state: 'detached' });
}

/** The send dialog with `to` and one person in Copy to, found by typing part of their name. */
async function sendWithCopy(page: Page, to: string, copyTo: string): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).tap();
  const dialog = page.getByRole('dialog');
  const sendTo = dialog.getByLabel('Send to', { exact: true });
  await sendTo.locator('option', { hasText: to }).first().waitFor({ state: 'attached' });
  await sendTo.selectOption({ label: (await optionLabel(sendTo, to)) ?? to });
  await dialog.getByLabel('Search people for Copy to', { exact: true }).fill(copyTo.split(' ')[0]!);
  await dialog
    .getByRole('group', { name: 'Copy to', exact: true })
    .getByRole('checkbox', { name: new RegExp(copyTo) })
    .check();
  await dialog.getByText(`Copies to: ${copyTo}`).waitFor();
  await dialog.getByRole('button', { name: 'Send', exact: true }).tap();
  await dialog.waitFor({ state: 'hidden' });
}

async function optionLabel(select: Locator, part: string): Promise<string | undefined> {
  const labels = await select.locator('option').allInnerTexts();
  return labels.map((l) => l.trim()).find((l) => l.includes(part));
}

describe('file operations on two tablets: link, attach, copy to and withdraw, volumes', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  const numbers = { main: '', linked: '', attached: '', withdrawn: '', volumed: '' };

  beforeAll(async () => {
    await ensureBuilt();
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant links two files, attaches a third and sends the main one with a copy', async () => {
    const { page } = desk;
    numbers.linked = await createFile(page, LINKED, 'Land records');
    numbers.attached = await createFile(page, ATTACHED, 'Land records');
    numbers.main = await createFile(page, MAIN, 'Land records');

    await pickFile(
      page,
      'Link file',
      'Find a file by number or subject',
      'demarcation',
      `Link ${numbers.linked}`,
    );
    const linked = region(page, 'Linked files');
    await linked.getByRole('link', { name: numbers.linked, exact: true }).waitFor();
    await pickFile(
      page,
      'Attach file',
      'Find a file I hold',
      'patwari',
      `Attach ${numbers.attached} under this file`,
    );
    const attached = region(page, 'Attached files');
    await attached.getByRole('link', { name: numbers.attached, exact: true }).waitFor();
    await saveDraftNoting(page, 'Linked the earlier demarcation; the patwari report is attached.');
    await page.screenshot({ path: join(SHOTS, 'file-ops-main-en.png'), fullPage: true });
    expect(await contrastViolations(page, 'main')).toEqual([]);

    await sendWithCopy(page, TEHSILDAR.name, KANUNGO);
    await region(page, 'Copies for information').getByText(`${KANUNGO} — not seen yet`).waitFor();
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar’s tablet shows the link on both files and the attached file moving with the main one', async () => {
    const { page } = tehsildar;
    await page.getByRole('link', { name: 'Inbox', exact: true }).tap();
    // The attached file came with the main one, listed under it.
    const attachedRow = inboxRow(page, ATTACHED);
    await attachedRow.waitFor({ timeout: SYNC_MS });
    expect(await attachedRow.innerText()).toContain(`attached under ${numbers.main}`);
    expect(await contrastViolations(page, 'main')).toEqual([]);
    await attachedRow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'file-ops-inbox-en.png') });

    await tapInboxRow(page, MAIN);
    await page.getByRole('heading', { level: 1, name: numbers.main }).waitFor();
    await noteSheet(page).getByText('Linked the earlier demarcation').waitFor();
    const attached = region(page, 'Attached files');
    await attached.getByRole('link', { name: numbers.attached, exact: true }).waitFor();
    await region(page, 'Copies for information').getByText(`${KANUNGO} — not seen yet`).waitFor();
    const linked = region(page, 'Linked files');
    await linked.getByText(`linked by ${CLERK.name}`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'file-ops-received-en.png'), fullPage: true });

    // The linked file, still with the desk assistant, shows the link from its side.
    await linked.getByRole('link', { name: numbers.linked, exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: numbers.linked }).waitFor();
    const back = region(page, 'Linked files');
    await back.getByRole('link', { name: numbers.main, exact: true }).waitFor();
    expect(await back.innerText()).toContain('links to this file');

    // The attached file says where it belongs; it moves only with the main file.
    await tapInboxRow(page, ATTACHED);
    await page.getByRole('heading', { level: 1, name: numbers.attached }).waitFor();
    await page
      .getByRole('note')
      .getByText(`Attached under ${numbers.main}: it moves with that file.`)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    expect(tehsildar.pageErrors).toEqual([]);
  });

  it('the desk assistant withdraws a copy; the copy holder’s tablet shows it withdrawn', async () => {
    numbers.withdrawn = await createFile(desk.page, WITHDRAWN, 'Land records');
    await sendWithCopy(desk.page, KANUNGO, TEHSILDAR.name);
    await waitForSyncStatus(desk.page, /^Synced/);

    const { page } = tehsildar;
    await tapInboxRow(page, WITHDRAWN, 'For information');
    const notice = region(page, 'For information');
    await notice.getByText(`${CLERK.name} sent you this file for information`).waitFor();
    await notice.getByRole('button', { name: 'Mark seen', exact: true }).waitFor();

    const copies = region(desk.page, 'Copies for information');
    await copies
      .getByRole('button', { name: `Withdraw the copy sent to ${TEHSILDAR.name}`, exact: true })
      .tap();
    await copies.waitFor({ state: 'detached' });
    await waitForSyncStatus(desk.page, /^Synced/);

    // Her open page says so, and Mark seen goes.
    await page
      .getByRole('status')
      .getByText(
        new RegExp(`^${CLERK.name} withdrew the copy sent to you for information, on .+\\.`),
      )
      .waitFor({ timeout: SYNC_MS });
    expect(await page.getByRole('button', { name: 'Mark seen', exact: true }).count()).toBe(0);
    expect(await contrastViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'file-ops-withdrawn-en.png'), fullPage: true });
    await page.getByRole('link', { name: 'Inbox', exact: true }).tap();
    await inboxRegion(page).getByRole('tab', { name: 'For information', exact: true }).tap();
    await inboxRegion(page).getByText('Nothing sent to you for information.').waitFor();
  });

  it('the tehsildar closes a volume and continues; the desk assistant’s tablet, in Hindi, shows volume II', async () => {
    numbers.volumed = await createFile(desk.page, VOLUMED, 'Land records');
    await saveDraftNoting(desk.page, 'Entries of 2026 up to June examined.');
    await sendFile(desk.page, { to: TEHSILDAR.name });

    const { page } = tehsildar;
    await tapInboxRow(page, VOLUMED);
    await noteSheet(page).getByText('Entries of 2026 up to June examined.').waitFor();
    // Opening the file records it as opened, and the header's line saying it is not opened
    // yet goes: the page moves up a line.
    await page.getByText(en['file.awaitingOpen'], { exact: true }).waitFor({ state: 'hidden' });
    // In the full run (two e2e files at once, the machine saturated) the tap on `Close volume`
    // was twice not taken (the question never opened; alone the file always passed): tap
    // again while the button says it is not expanded, until the question shows.
    const closeVolume = page.getByRole('button', { name: 'Close volume', exact: true });
    const closeVolumeI = page.getByRole('button', { name: 'Close volume I', exact: true });
    await expect
      .poll(
        async () => {
          if ((await closeVolume.getAttribute('aria-expanded')) === 'false')
            await closeVolume.tap();
          return closeVolumeI.isVisible();
        },
        { timeout: SYNC_MS },
      )
      .toBe(true);
    await closeVolumeI.tap();
    await page.getByRole('heading', { name: 'Volume II (current)', exact: true }).waitFor();
    await page
      .getByRole('heading', { level: 1, name: `${numbers.volumed} (Vol.\u00a0II)` })
      .waitFor();
    await saveDraftNoting(page, 'Continue the register in this volume.');
    await sendFile(page, { to: CLERK.name });
    await waitForSyncStatus(page, /^Synced/);

    // The desk assistant switches to Hindi with the header's button.
    const d = desk.page;
    await d.getByRole('button', { name: 'Change language: हिन्दी', exact: true }).tap();
    await d.getByRole('link', { name: hi['nav.inbox'], exact: true }).tap();
    const inbox = d.getByRole('region', { name: hi['inbox.title'], exact: true });
    const row = inbox.getByRole('row').filter({ hasText: VOLUMED });
    const shown = `${numbers.volumed} (खंड\u00a0II)`;
    await row.getByRole('link', { name: shown, exact: true }).waitFor({ timeout: SYNC_MS });
    await row.getByText(VOLUMED).tap();
    await d.getByRole('heading', { level: 1, name: shown }).waitFor();
    const sheet = d.getByRole('region', { name: hi['file.noteSheet'], exact: true });
    const first = sheet.getByRole('region', { name: 'खंड I', exact: true });
    const second = sheet.getByRole('region', { name: 'खंड II (चालू)', exact: true });
    await second.getByText('Continue the register in this volume.').waitFor();
    expect(await first.innerText()).toContain('Entries of 2026 up to June examined.');
    expect(await first.innerText()).toContain('केवल पढ़ने हेतु');
    expect(await first.innerText()).toContain(`${hi['file.paragraph'].replace('{n}', '1')}`);
    expect(await second.innerText()).toContain(`${hi['file.paragraph'].replace('{n}', '2')}`);
    expect(await contrastViolations(d, 'main')).toEqual([]);
    await d.screenshot({ path: join(SHOTS, 'file-ops-volume-hi.png'), fullPage: true });
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
