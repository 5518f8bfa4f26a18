// Typing reloaded within the autosave's pause is not lost (decision 0018): Chromium
// does not finish IndexedDB writes while the page goes, so the text is also kept in
// localStorage at every change and brought back after the reload. Signing out leaves
// no such backup on the shared tablet for the next person.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createFile,
  inboxRegion,
  navigate,
  noteSheet,
  openApp,
  shareServerAndBrowser,
  signIn,
  signOut,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR } from './harness/pwa.ts';

const NOTING = 'स्थल निरीक्षण किया गया; Patwari report awaited.';
const FROM = 'ग्राम प्रधान, सेलाकुई';

/** localStorage keys of typing backups on this page's origin. */
function backupKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('patravali.unsaved.')),
  );
}

describe('typing reloaded at once', () => {
  const shared = shareServerAndBrowser();

  it('a noting typed and reloaded before the autosave is there after the reload', async () => {
    const tablet = await shared.browser.newTablet('typing-reload');
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, 'Encroachment on village common land', 'Land records');
    await page.getByLabel('Noting', { exact: true }).fill(NOTING);
    // No waiting for the autosave: the person reloads (or the tab is closed) at once.
    await page.reload({ waitUntil: 'domcontentloaded' });

    await noteSheet(page).waitFor();
    const noting = page.getByLabel('Noting', { exact: true });
    await expect.poll(() => noting.inputValue(), { timeout: 15_000 }).toBe(NOTING);
    // It reached the store, and the backup went once it had.
    await expect.poll(() => backupKeys(page), { timeout: 15_000 }).toEqual([]);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect.poll(() => noting.inputValue(), { timeout: 15_000 }).toBe(NOTING);
    expect(tablet.pageErrors).toEqual([]);
  });

  it('after sign-out, the next person on the tablet does not get the backup', async () => {
    const tablet = await shared.browser.newTablet('typing-shared');
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await navigate(page, 'Dak');
    await page.getByLabel('From', { exact: true }).fill(FROM);
    // At once the page goes elsewhere (a reload at the inbox): the form is not opened
    // again, so only its backup holds the typing when the clerk signs out.
    await openApp(page, shared.server.url, 'en');
    await inboxRegion(page).waitFor();
    expect((await backupKeys(page)).length).toBe(1);

    await signOut(page);
    expect(await backupKeys(page)).toEqual([]);
    await signIn(page, TEHSILDAR.username, PASSWORD);
    await navigate(page, 'Dak');
    const from = page.getByLabel('From', { exact: true });
    await from.waitFor();
    expect(await from.inputValue()).toBe('');
    expect(await page.getByText(FROM).count()).toBe(0);
    expect(await backupKeys(page)).toEqual([]);
    await signOut(page);

    // The clerk's typing was kept for the clerk, in the store.
    await signIn(page, CLERK.username, PASSWORD);
    await navigate(page, 'Dak');
    await expect
      .poll(() => page.getByLabel('From', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe(FROM);
    expect(tablet.pageErrors).toEqual([]);
  });
});
