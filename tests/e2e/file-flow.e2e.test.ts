// The flow of issue 2's "Done when", in real Chromium on one shared tablet, in English:
// the desk assistant creates a file, drafts noting 1 and sends it to the tehsildar; the
// tehsildar signs in on the same tablet, finds it in the inbox with its pending age, reads
// noting 1, adds noting 2 and sends it back; a reload and a browser restart keep it all.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  inboxRegion,
  noteSheet,
  openApp,
  saveDraftNoting,
  sendFile,
  shareServerAndBrowser,
  signIn,
  signOut,
  type Tablet,
} from './harness.ts';

const SUBJECT = 'Mutation of khasra 112, village Dhakrani';
const NOTING_1 = 'Mutation application examined; the revenue record supports it.';
const NOTING_2 = 'Approved. Enter the mutation in the register.';

function isoDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('file flow on one tablet (English)', () => {
  const shared = shareServerAndBrowser();
  let tablet: Tablet;
  let fileUrl = '';
  let fileNumber = '';

  beforeAll(async () => {
    tablet = await shared.browser.newTablet('vikasnagar-shared');
  });

  it('desk assistant creates a file, drafts noting 1 and sends it to the tehsildar', async () => {
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await signIn(page, 'clerk.vikasnagar', 'demo1234');
    fileNumber = await createFile(page, SUBJECT, 'Revenue');
    expect(fileNumber).not.toBe('');
    fileUrl = page.url();
    await saveDraftNoting(page, NOTING_1);
    await page.getByText('Draft saved').waitFor();
    await sendFile(page, {
      to: 'Anita Bisht',
      remarks: 'Please decide.',
      dueDate: isoDateInDays(7),
    });
    await noteSheet(page).getByText(NOTING_1).waitFor();
    await signOut(page);
  });

  it('tehsildar finds it in the inbox with its pending age and reads noting 1', async () => {
    const { page } = tablet;
    await signIn(page, 'tehsildar.vikasnagar', 'demo1234');
    const row = inboxRegion(page).getByRole('row').filter({ hasText: SUBJECT });
    const item = row.or(inboxRegion(page).getByRole('listitem').filter({ hasText: SUBJECT }));
    await item.waitFor();
    expect(await item.innerText()).toMatch(/pending (\d+ days?|since today)/);
    await item.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: fileNumber }).waitFor();
    const sheet = noteSheet(page);
    await sheet.getByText(NOTING_1).waitFor();
    expect(await sheet.innerText()).toContain('Sunita Rawat');
  });

  it('tehsildar adds noting 2 and sends the file back', async () => {
    const { page } = tablet;
    await saveDraftNoting(page, NOTING_2);
    await sendFile(page, { to: 'Sunita Rawat', remarks: 'Done.' });
    await noteSheet(page).getByText(NOTING_2).waitFor();
  });

  it('keeps both notings across a reload and a browser restart', async () => {
    await tablet.page.reload();
    await noteSheet(tablet.page).getByText(NOTING_2).waitFor();
    tablet = await tablet.restart();
    const { page } = tablet;
    await page.goto(fileUrl);
    const sheet = noteSheet(page);
    await sheet.getByText(NOTING_1).waitFor();
    await sheet.getByText(NOTING_2).waitFor();
    expect(tablet.pageErrors).toEqual([]);
  });
});
