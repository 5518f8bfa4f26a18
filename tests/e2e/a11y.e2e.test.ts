// Accessibility in real Chromium: axe-core finds no serious or critical violations on
// the sign-in, inbox, file, send dialog, dak, pendency and settings pages, in Hindi
// and in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import {
  launchBrowser,
  noteSheet,
  openApp,
  startServer,
  type Lang,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { seriousViolations } from './harness/axe.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const CATALOG = { en, hi } as const;

async function visit(page: Page, href: string): Promise<void> {
  await page.locator(`nav a[href="${href}"]`).click();
  await page.waitForURL((url) => url.pathname === href);
}

describe.each<Lang>(['en', 'hi'])('accessibility (%s)', (lang) => {
  const t = CATALOG[lang];
  let server: RunningServer;
  let browser: TabletBrowser;
  let tablet: Tablet;
  const found: Record<string, string[]> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    tablet = await browser.newTablet(`a11y-${lang}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('checks every main page', async () => {
    const { page } = tablet;
    await openApp(page, server.url, lang);
    await page.getByLabel(t['auth.username'], { exact: true }).waitFor();
    found['sign-in'] = await seriousViolations(page);

    await page.getByLabel(t['auth.username'], { exact: true }).fill(CLERK.username);
    await page.getByLabel(t['auth.password'], { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
    await page.getByRole('button', { name: t['auth.signOut'], exact: true }).waitFor();
    found['inbox'] = await seriousViolations(page);

    await visit(page, '/new');
    await page.getByLabel(t['newFile.subject'], { exact: true }).fill('Test file');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    await noteSheet(page)
      .or(page.getByRole('region', { name: t['file.noteSheet'] }))
      .first()
      .waitFor();
    found['file'] = await seriousViolations(page);

    await page.getByRole('button', { name: t['file.send'], exact: true }).click();
    await page.getByRole('dialog').waitFor();
    found['send dialog'] = await seriousViolations(page);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t['send.cancel'], exact: true })
      .click();

    await visit(page, '/dak');
    found['dak'] = await seriousViolations(page);
    await visit(page, '/pendency');
    found['pendency'] = await seriousViolations(page);
    await visit(page, '/settings');
    await page.getByRole('heading', { level: 1, name: t['settings.title'] }).waitFor();
    found['settings'] = await seriousViolations(page);

    expect(found).toEqual({
      'sign-in': [],
      inbox: [],
      file: [],
      'send dialog': [],
      dak: [],
      pendency: [],
      settings: [],
    });
  });
});
