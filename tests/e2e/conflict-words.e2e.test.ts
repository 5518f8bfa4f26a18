// Issue 12's repro, as people meet it on their tablets: the clerk's offline
// noting that lost to the tehsildar's send stays in view with its full text,
// in English and Hindi, to her and to whoever holds the file; her inbox on each
// of her tablets reminds her until she answers; her other lost actions are
// dismissed with a reason kept in the record; her text goes back on the note
// sheet with one tap once the file is with her again. The Conflicts region is
// checked for colour contrast in both languages. Screenshots go to
// $PATRAVALI_E2E_SHOTS (or the system's temp folder) for a person to look at.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import {
  createFile,
  navigate,
  openApp,
  signIn,
  noteSheet,
  saveDraftNoting,
  sendFile,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
  waitForSyncStatus,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import {
  CLERK,
  PASSWORD,
  notingTexts,
  openFromInbox,
  startDeskAndTehsildar,
  TEHSILDAR,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const SUBJECT = 'Mutation of khata 112, village Dhakrani';
const CLERK_FIRST = 'Application and khatauni copy received; for orders.';
const TEHSILDAR_NOTE = 'Seen. Sent to the SDM for orders on the boundary dispute.';
const PARA4 = 'para 4: the khasra map of Dhakrani is placed below as flag A; please see.';
const SDM = 'Rajesh Chauhan';
const NAIB = 'Deepak Joshi';
const SYNC_MS = 60_000;
const SENT_REASON = 'The SDM has the file; the naib will see it when it comes down.';
const PULL_REASON = 'Not needed: the tehsildar sent the file back to me.';
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const REMINDER = 'Your work that did not take effect';

function conflicts(page: Page, name = 'Conflicts'): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** The entry in the Conflicts region whose heading names `action` (e.g. "Sent —"). */
function entry(region: Locator, action: string): Locator {
  return region.getByRole('listitem').filter({ hasText: `${action} — ${CLERK.name}` });
}

/** Text or controls in the Conflicts region a person cannot read against its background. */
function contrastProblems(page: Page): Promise<string[]> {
  return contrastViolations(page, 'section.conflicts');
}

describe('nobody’s words disappear after an offline conflict', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let clerk: Tablet;
  let tehsildar: Tablet;
  /** Her second tablet: the reminder shows on every device of hers. */
  let clerkAgain: Tablet | undefined;
  let fileUrl = '';

  beforeAll(async () => {
    ({
      server,
      browser,
      desk: clerk,
      tehsildar,
    } = await startDeskAndTehsildar(['clerk-conflict', 'tehsildar-conflict']));
    await createFile(clerk.page, SUBJECT, 'Land records');
    fileUrl = clerk.page.url();
    await saveDraftNoting(clerk.page, CLERK_FIRST);
    await sendFile(clerk.page, { to: 'Anita Bisht' });
    // Both tablets have synced: the file waits, unopened, in the tehsildar's inbox.
    await tehsildar.page
      .getByRole('row')
      .filter({ hasText: SUBJECT })
      .waitFor({ timeout: SYNC_MS });
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('offline, the tehsildar sends the file on while the clerk pulls back, notes and sends', async () => {
    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await Promise.all([clerk, tehsildar].map((t) => waitForActiveServiceWorker(t.page)));
    await Promise.all([clerk.setOffline(true), tehsildar.setOffline(true)]);
    await openFromInbox(tehsildar.page, SUBJECT);
    await saveDraftNoting(tehsildar.page, TEHSILDAR_NOTE);
    await sendFile(tehsildar.page, { to: SDM });
    await noteSheet(tehsildar.page).getByText(TEHSILDAR_NOTE).waitFor();

    await clerk.page.getByRole('button', { name: 'Pull back', exact: true }).click();
    await saveDraftNoting(clerk.page, PARA4);
    await sendFile(clerk.page, { to: NAIB });
    // Green on her tablet while offline: a final noting, paragraph 2.
    const green = noteSheet(clerk.page).getByRole('listitem').filter({ hasText: PARA4 });
    await green.waitFor();
    expect(await green.getAttribute('class')).toContain('final');
  });

  it('after reconnecting, her words are in Conflicts in full, and her inbox reminds her', async () => {
    // The server's log decides the order (docs/decisions/0002-record-order.md): the
    // tehsildar's tablet reaches it first, so her send stands and the clerk's work is lost.
    await tehsildar.setOffline(false);
    await waitForSyncStatus(tehsildar.page, /^Synced/);
    await clerk.setOffline(false);
    const region = conflicts(clerk.page);
    await region.getByText(PARA4).waitFor({ timeout: SYNC_MS });
    const text = await region.innerText();
    expect(text).toContain('Yours: Noting — Sunita Rawat');
    expect(text).toContain('the file was not with this person at the time');
    expect(text).toContain(`To: ${NAIB}`);
    expect(text).toContain(`This file is now with ${SDM}.`);
    expect(await notingTexts(clerk.page, [CLERK_FIRST, TEHSILDAR_NOTE, PARA4])).toEqual([
      CLERK_FIRST,
      TEHSILDAR_NOTE,
    ]);
    // The file is with the SDM: her text cannot go back on it yet, but she may dismiss it.
    await expect(region.getByRole('button', { name: 'Re-submit' }).count()).resolves.toBe(0);
    await expect(entry(region, 'Noting').getByRole('button').allInnerTexts()).resolves.toEqual([
      'Dismiss',
    ]);
    await region.screenshot({ path: join(SHOTS, 'conflict-en.png') });
    expect(await contrastProblems(clerk.page)).toEqual([]);

    await navigate(clerk.page, 'Inbox');
    const reminder = clerk.page.getByRole('region', { name: REMINDER, exact: true });
    await reminder.getByRole('link').filter({ hasText: SUBJECT }).click();
    await region.getByText(PARA4).waitFor();
  });

  it('her other tablet reminds her too', async () => {
    clerkAgain = await browser.newTablet('clerk-conflict-2');
    await openApp(clerkAgain.page, server.url, 'en');
    await signIn(clerkAgain.page, CLERK.username, PASSWORD);
    const reminder = clerkAgain.page.getByRole('region', { name: REMINDER, exact: true });
    await reminder.getByRole('link').filter({ hasText: SUBJECT }).waitFor({ timeout: SYNC_MS });
  });

  it('in Hindi the same words and what she can do', async () => {
    await clerk.page.goto(`${fileUrl}?lang=hi`);
    const region = conflicts(clerk.page, hi['conflict.title']);
    await region.getByText(PARA4).waitFor({ timeout: SYNC_MS });
    const text = await region.innerText();
    expect(text).toContain('आपका: टिप्पणी — सुनीता रावत');
    expect(text).toContain(hi['conflict.notHolder']);
    expect(text).toContain('यह पत्रावली अब राजेश चौहान के पास है।');
    await region.screenshot({ path: join(SHOTS, 'conflict-hi.png') });
    expect(await contrastProblems(clerk.page)).toEqual([]);
    await clerk.page.goto(`${fileUrl}?lang=en`);
    await conflicts(clerk.page).getByText(PARA4).waitFor({ timeout: SYNC_MS });
  });

  it('the holder sees her words too, and cannot answer for her', async () => {
    // The SDM has not opened it: the tehsildar pulls it back and holds the file.
    await tehsildar.page.getByRole('button', { name: 'Pull back', exact: true }).click();
    await tehsildar.page.getByText(`With ${TEHSILDAR.name} since`).waitFor();
    const region = conflicts(tehsildar.page);
    await region.getByText(PARA4).waitFor({ timeout: SYNC_MS });
    expect(await region.innerText()).toContain(`Noting — ${CLERK.name}`);
    expect(await region.getByRole('button').count()).toBe(0);
  });

  it('she dismisses the actions she no longer needs, each with a reason kept in the record', async () => {
    await sendFile(tehsildar.page, { to: CLERK.name, remarks: 'Please re-submit your para.' });
    await openFromInbox(clerk.page, SUBJECT);
    const region = conflicts(clerk.page);
    const sent = entry(region, 'Sent');
    await sent.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await sent.getByRole('button', { name: 'Dismiss with this reason', exact: true }).click();
    await sent.getByRole('alert').filter({ hasText: 'Write a reason' }).waitFor();
    await sent.getByLabel('Reason', { exact: true }).fill(SENT_REASON);
    await sent.getByRole('button', { name: 'Dismiss with this reason', exact: true }).click();
    await sent.getByText(`: ${SENT_REASON}`).waitFor();
    expect(await sent.innerText()).toMatch(/Dismissed by its author, .+: The SDM has the file/);

    const pulled = entry(region, 'Pulled back');
    await pulled.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await pulled.getByLabel('Reason', { exact: true }).fill(PULL_REASON);
    await pulled.getByRole('button', { name: 'Dismiss with this reason', exact: true }).click();
    await pulled.getByText(`: ${PULL_REASON}`).waitFor();

    // Recorded in the file: her other tablet shows the reasons once it syncs.
    const other = required(clerkAgain);
    await other.page.goto(fileUrl);
    await entry(conflicts(other.page), 'Sent')
      .getByText(`: ${SENT_REASON}`)
      .waitFor({ timeout: SYNC_MS });
    // Her noting still waits for her: that tablet still reminds her.
    await navigate(other.page, 'Inbox');
    await other.page.getByRole('region', { name: REMINDER, exact: true }).waitFor();
  });

  it('once the file is back with her, one tap re-submits her text', async () => {
    const region = conflicts(clerk.page);
    await region.getByRole('button', { name: 'Re-submit', exact: true }).click();
    await region.getByText('Your text is now in your draft noting below').waitFor();
    expect(await clerk.page.getByLabel('Noting', { exact: true }).inputValue()).toBe(PARA4);
    await region.screenshot({ path: join(SHOTS, 'conflict-resubmit.png') });
    // Answered entries are shown muted: still readable.
    expect(await contrastProblems(clerk.page)).toEqual([]);

    await sendFile(clerk.page, { to: NAIB });
    await region.getByText(/Re-submitted by its author/).waitFor();
    expect(await notingTexts(clerk.page, [CLERK_FIRST, TEHSILDAR_NOTE, PARA4])).toEqual([
      CLERK_FIRST,
      TEHSILDAR_NOTE,
      PARA4,
    ]);
    // Everything answered: her words stay listed, and the reminder her other tablet
    // was showing goes once it syncs.
    expect(await region.getByText(PARA4).count()).toBe(1);
    const other = required(clerkAgain);
    await other.page
      .getByRole('region', { name: REMINDER, exact: true })
      .waitFor({ state: 'detached', timeout: SYNC_MS });
    expect([...clerk.pageErrors, ...tehsildar.pageErrors, ...other.pageErrors]).toEqual([]);
  });
});

function required(tablet: Tablet | undefined): Tablet {
  if (tablet === undefined) throw new Error('her second tablet was not opened');
  return tablet;
}
