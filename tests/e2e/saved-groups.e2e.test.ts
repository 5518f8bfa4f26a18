// Saved groups of recipients made in the app (issue 17, decision 0014) in real Chromium
// on two tablets of one office: the desk assistant saves the people she chose in Copy to
// as a group and sends the file; through the server the tehsildar's tablet offers the
// group in her own Send dialog, a tap ticks its people, and she renames it; the desk
// assistant's next Send dialog offers it under its new name. The dialog is checked for
// colour contrast with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import {
  createFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import { startDeskAndTehsildar } from './harness/pwa.ts';

const KANUNGO = /Mohan Singh Negi/;
const NAIB = /Deepak Joshi/;

describe('a saved group of recipients', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant saves the people she chose as a group, and sends the file', async () => {
    const { page } = desk;
    await createFile(page, 'Demarcation of khasra 301, Herbertpur', 'Land records');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Send to', { exact: true }).selectOption('tehsildar.vikasnagar');
    const copyTo = dialog.getByRole('group', { name: 'Copy to', exact: true });
    await copyTo.getByRole('checkbox', { name: KANUNGO }).check();
    await copyTo.getByRole('checkbox', { name: NAIB }).check();
    await dialog.getByLabel(en['groups.newName'], { exact: true }).fill('Field staff');
    await dialog.getByRole('button', { name: en['groups.saveAs'], exact: true }).click();
    await dialog.getByText('Group “Field staff” saved.').waitFor();
    expect(await contrastViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar’s tablet offers it; a tap ticks its people, and she renames it', async () => {
    const { page } = tehsildar;
    await createFile(page, 'Mutation of khasra 88', 'Land records');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const saved = dialog.getByRole('group', { name: en['copy.savedGroups'], exact: true });
    const add = saved.getByRole('button', { name: 'Add group: Field staff', exact: true });
    await add.waitFor({ timeout: 60_000 });
    await add.click();
    const copyTo = dialog.getByRole('group', { name: 'Copy to', exact: true });
    expect(await copyTo.getByRole('checkbox', { name: KANUNGO }).isChecked()).toBe(true);
    expect(await copyTo.getByRole('checkbox', { name: NAIB }).isChecked()).toBe(true);
    await saved.getByRole('button', { name: 'Change group: Field staff', exact: true }).click();
    const editor = dialog.getByRole('group', { name: 'Change group Field staff', exact: true });
    await editor.getByLabel(en['groups.name'], { exact: true }).fill('Revenue field staff');
    await editor.getByRole('button', { name: en['groups.rename'], exact: true }).click();
    await saved
      .getByRole('button', { name: 'Add group: Revenue field staff', exact: true })
      .waitFor();
    expect(await contrastViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: en['send.cancel'], exact: true }).click();
    await waitForSyncStatus(page, /^Synced/);
    expect(tehsildar.pageErrors).toEqual([]);
  });

  it('the desk assistant’s next Send dialog offers it under its new name', async () => {
    const { page } = desk;
    await createFile(page, 'Boundary of khasra 302', 'Land records');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const saved = page
      .getByRole('dialog')
      .getByRole('group', { name: en['copy.savedGroups'], exact: true });
    await saved
      .getByRole('button', { name: 'Add group: Revenue field staff', exact: true })
      .waitFor({ timeout: 60_000 });
    expect(desk.pageErrors).toEqual([]);
  });
});
