// A new build is deployed while a draft noting is being typed: the app offers the
// update and reloads nothing until the person agrees; what was typed is saved before
// the database closes and the page reloads into the new version, and it is still there.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { REPO_ROOT } from './harness/paths.ts';
import {
  buttonWords,
  createFile,
  ensureBuilt,
  launchBrowser,
  openApp,
  openMenu,
  signIn,
  startServer,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
  wordsBelowButton,
} from './harness.ts';
import {
  buildAppVersion,
  checkForUpdate,
  CLERK,
  PASSWORD,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const NEXT_VERSION = '2.0.0-e2e';
/** A vite build takes about 10-20 s on an idle machine, and much longer on a busy one. */
const BEFORE_ALL_TIMEOUT_MS = 600_000;
const DRAFT = 'Half-typed noting: the tenancy record shows';
const MORE = ' possession since the 1962 settlement.';
/** A phone, where some read their files away from the office. */
const PHONE = { width: 390, height: 844 } as const;

describe('app update while a draft is open', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let tablet: Tablet;
  let siteDir = '';
  let nextBuild = '';

  beforeAll(async () => {
    siteDir = await mkdtemp(join(tmpdir(), 'patravali-e2e-site-'));
    nextBuild = await mkdtemp(join(tmpdir(), 'patravali-e2e-next-'));
    // The first version is the app as built for every e2e test (dist/, fresh from
    // ensureBuilt, which swaps a rebuild in whole), copied into this test's own directory;
    // only the next version is built here, with its own version, so its service worker is
    // another. Building both cost a second vite build (10-20 s, much more on a busy
    // machine). The next one is built before the server starts: a build running beside the
    // server's start starved it on a loaded machine, and a failed start then left that
    // build writing into a directory afterAll had removed.
    await ensureBuilt();
    await cp(join(REPO_ROOT, 'dist'), siteDir, { recursive: true });
    await buildAppVersion(nextBuild, NEXT_VERSION);
    // The server serves siteDir (PATRAVALI_STATIC_DIR); the next build is deployed into it
    // while the tablet has the app open.
    server = await startServer({ env: { PATRAVALI_STATIC_DIR: siteDir }, withApp: false });
    browser = await launchBrowser();
    tablet = await browser.newTablet('update');
  }, BEFORE_ALL_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
    for (const dir of [siteDir, nextBuild])
      if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a new version waits and is offered, without reloading under the draft', async () => {
    const { page } = tablet;
    await openApp(page, server.url, 'en');
    await waitForActiveServiceWorker(page);
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, 'Tenancy dispute, village Sahiya', 'Court cases');
    const noting = page.getByLabel('Noting', { exact: true });
    await noting.fill(DRAFT);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await cp(nextBuild, siteDir, { recursive: true, force: true });
    await checkForUpdate(page);
    const prompt = page
      .getByRole('alert')
      .filter({ hasText: 'A new version of the app is ready.' });
    await prompt.waitFor({ timeout: 60_000 });

    // Nothing reloaded: same document, the text still in the field.
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    expect(await noting.inputValue()).toBe(DRAFT);
  });

  it('on a 390 px phone, the sentences sit above the button, and "अपडेट करें" stays on one line', async () => {
    // The button broke onto two lines (68 × 78 px), squeezed by the sentences beside it;
    // kept whole, it squeezed the two sentences into narrow columns beside it instead.
    const { page } = tablet;
    const tabletSize = page.viewportSize();
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Change language: हिन्दी', exact: true }).click();
    for (const t of [hi, en]) {
      const prompt = page.getByRole('alert').filter({ hasText: t['version.updateReady'] });
      const update = prompt.getByRole('button', { name: t['version.reload'], exact: true });
      await update.waitFor();
      expect(await buttonWords(update)).toEqual({ lines: 1, fits: true, onScreen: true });
      expect(await wordsBelowButton(prompt)).toBeLessThanOrEqual(0);
      const sideways = await page.evaluate(
        () => (document.scrollingElement ?? document.documentElement).scrollWidth - innerWidth,
      );
      expect(sideways).toBe(0);
      // Then the same in English, as the next test expects it.
      if (t === hi)
        await page.getByRole('button', { name: hi['lang.switchLabel'], exact: true }).click();
    }

    // Back as the next test expects it: the tablet's size, nothing reloaded.
    if (tabletSize) await page.setViewportSize(tabletSize);
    await page.getByRole('button', { name: 'Update', exact: true }).waitFor();
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
  });

  it('on Update, the typing is saved first and survives the reload into the new version', async () => {
    const { page } = tablet;
    const noting = page.getByLabel('Noting', { exact: true });
    // Typed just before tapping Update: the autosave has not run yet; the update saves it.
    await noting.press('End');
    await noting.pressSequentially(MORE);
    await page.getByRole('button', { name: 'Update', exact: true }).click();

    await page.waitForFunction(() => !('sameDocument' in window), null, { timeout: 60_000 });
    await page.getByLabel('Noting', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByLabel('Noting', { exact: true }).inputValue(), { timeout: 30_000 })
      .toBe(DRAFT + MORE);

    await openMenu(page);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByText(`App version: ${NEXT_VERSION}`).waitFor();
    expect(tablet.pageErrors).toEqual([]);
  });
});
