// Accessibility in real Chromium: axe-core finds no serious or critical violations on
// the sign-in and inbox pages; the file page with its Linked files (also once a link is
// removed), Attached files and Security grade panel; the send dialog; the close question
// (its retention fields and closure approver, also while asking for one) and the closed
// file; a file's copies for information with Withdraw, and after it; Close volume's
// question and the closed volume; the dak, pendency, settings, verify and record
// retention pages; a draft letter (editor and saved); the header's open menu and the
// warning before signing out with work not sent; and the DM's district pendency with its
// tables and charts; in Hindi and in English. Each check waits for the page's content
// (not just its URL), so axe sees the loaded page.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import {
  noteSheet,
  openApp,
  openMenu,
  shareServerAndBrowser,
  type Lang,
  type Tablet,
} from './harness.ts';
import { contrastViolations, seriousViolations } from './harness/axe.ts';
import { CLERK, PASSWORD, waitForActiveServiceWorker } from './harness/pwa.ts';

const CATALOG = { en, hi } as const;
const DM = 'dm.dehradun';
/** Where the close question and the retention list are photographed, for a person to look at. */
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');

/** Follows a header link and waits until `ready` (the page's loaded content) is shown. */
async function visit(page: Page, href: string, ready: Locator, lang: Lang): Promise<void> {
  // Settings and Verify are behind the header's menu.
  if (['/settings', '/verify', '/retention'].includes(href)) await openMenu(page, lang);
  await page.locator(`header a[href="${href}"]`).click();
  await page.waitForURL((url) => url.pathname === href);
  await ready.waitFor({ timeout: 60_000 });
}

/** A catalog message with its `{name}` placeholders filled. */
function fill(message: string, values: Readonly<Record<string, string>>): string {
  return message.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

/** The charts are drawn once Chart.js has loaded: both canvases in the page. */
async function chartsDrawn(page: Page): Promise<void> {
  await page.locator('.pendency canvas[role="img"]').nth(1).waitFor({ timeout: 60_000 });
}

/**
 * The contrast of an element's text with its background as drawn: its opacity (and its
 * ancestors') blends both with the page. Empty when at least 4.5:1 (WCAG AA, normal text).
 */
async function lowContrast(element: Locator): Promise<string[]> {
  const ratio = await element.evaluate((el) => {
    const rgb = (css: string): number[] =>
      (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((n) => Number(n) / 255);
    let opacity = 1;
    for (let e: Element | null = el; e !== null; e = e.parentElement)
      opacity *= Number(getComputedStyle(e).opacity);
    const style = getComputedStyle(el);
    // The paper behind the app: the body's background, else the root's (else white).
    const behind = [document.body, document.documentElement]
      .map((e) => getComputedStyle(e).backgroundColor)
      .find((c) => c !== 'rgba(0, 0, 0, 0)');
    const pageColour = behind === undefined ? [1, 1, 1] : rgb(behind);
    const drawn = (c: number[]) =>
      c.map((v, i) => v * opacity + (pageColour[i] ?? 1) * (1 - opacity));
    const luminance = (c: number[]) => {
      const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const a = luminance(drawn(rgb(style.color)));
    const b = luminance(drawn(rgb(style.backgroundColor)));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  return ratio >= 4.5 ? [] : [`contrast ${ratio.toFixed(2)}:1, below 4.5:1`];
}

// One server and one browser for both languages; each language's tablet is its own.
const shared = shareServerAndBrowser();

describe.each<Lang>(['en', 'hi'])('accessibility (%s)', (lang) => {
  const t = CATALOG[lang];
  let tablet: Tablet;
  const found: Record<string, string[]> = {};

  beforeAll(async () => {
    tablet = await shared.browser.newTablet(`a11y-${lang}`);
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await tablet?.close();
  });

  it('checks every main page', async () => {
    const { page } = tablet;
    await openApp(page, shared.server.url, lang);
    await page.getByLabel(t['auth.username'], { exact: true }).waitFor();
    found['sign-in'] = await seriousViolations(page);

    await page.getByLabel(t['auth.username'], { exact: true }).fill(CLERK.username);
    await page.getByLabel(t['auth.password'], { exact: true }).fill(PASSWORD);
    // The button apart from the field above it, so a thumb meant for one does not hit the other.
    const field = await page.getByLabel(t['auth.password'], { exact: true }).boundingBox();
    const button = await page
      .getByRole('button', { name: t['auth.signIn'], exact: true })
      .boundingBox();
    expect((button?.y ?? 0) - ((field?.y ?? 0) + (field?.height ?? 0))).toBeGreaterThanOrEqual(12);
    // The server's answer held back, as on a slow link: the busy button says what is
    // happening for as long as it takes, so it must stay readable (axe skips a disabled one).
    let answer = (): void => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/session', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
    const busy = page.getByRole('button', { name: t['auth.signingIn'], exact: true });
    await busy.waitFor();
    found['busy sign-in button contrast'] = await lowContrast(busy);
    await busy.screenshot({ path: join(SHOTS, `sign-in-busy-${lang}.png`) });
    answer();
    await page.getByRole('button', { name: t['menu.button'], exact: true }).waitFor();
    await page.unroute('**/api/session');
    found['inbox'] = await seriousViolations(page);
    await openMenu(page, lang);
    found['menu'] = await seriousViolations(page);
    await page.keyboard.press('Escape');

    // A file to link to first (Linked files, below).
    for (const subject of ['Boundary of khasra 212', 'Test file']) {
      await visit(page, '/new', page.getByLabel(t['newFile.subject'], { exact: true }), lang);
      await page.getByLabel(t['newFile.subject'], { exact: true }).fill(subject);
      await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
      await noteSheet(page)
        .or(page.getByRole('region', { name: t['file.noteSheet'] }))
        .first()
        .waitFor();
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    found['file'] = await seriousViolations(page);
    // Linked files with its picker open, then with the link made.
    const links = page.getByRole('region', { name: t['link.heading'], exact: true });
    await links.getByRole('button', { name: t['link.button'], exact: true }).click();
    await links.getByRole('searchbox').fill('khasra');
    const offered = links.getByRole('list', { name: t['link.button'], exact: true });
    await offered.getByRole('listitem').first().waitFor();
    found['link picker'] = await seriousViolations(page);
    found['link picker contrast'] = await contrastViolations(page, '.linked-files');
    await links.screenshot({ path: join(SHOTS, `link-picker-${lang}.png`) });
    await offered.getByRole('button').first().click();
    await links.getByRole('link').first().waitFor();
    found['linked files'] = await seriousViolations(page);
    found['linked files contrast'] = await contrastViolations(page, '.linked-files');
    await links.screenshot({ path: join(SHOTS, `linked-files-${lang}.png`) });
    // Remove link, tapped as a person taps it: the panel without the link.
    const linked = await links.getByRole('link').first().innerText();
    await links
      .getByRole('button', { name: fill(t['link.removeOne'], { number: linked }) })
      .click();
    await links.getByText(t['link.empty'], { exact: true }).waitFor();
    found['link removed'] = await seriousViolations(page);
    found['link removed contrast'] = await contrastViolations(page, '.linked-files');
    // Attached files: the picker of files I hold, then the file attached under this one.
    const attached = page.getByRole('region', { name: t['attachFile.heading'], exact: true });
    await attached.getByRole('button', { name: t['attachFile.button'], exact: true }).click();
    await attached.getByRole('searchbox').fill('khasra');
    const mine = attached.getByRole('list', { name: t['attachFile.button'], exact: true });
    await mine.getByRole('listitem').first().waitFor();
    await mine.getByRole('button').first().click();
    await attached.getByRole('link').first().waitFor();
    found['attached files'] = await seriousViolations(page);
    found['attached files contrast'] = await contrastViolations(page, '.attached-files');
    await attached.screenshot({ path: join(SHOTS, `attached-files-${lang}.png`) });
    // The Security grade panel once the file is confidential: its access list and both forms.
    const security = page.getByRole('region', { name: t['grade.label'], exact: true });
    await security
      .getByLabel(t['grade.newGrade'], { exact: true })
      .selectOption({ label: t['grade.confidential'] });
    await security.getByRole('button', { name: t['grade.change'], exact: true }).click();
    await security.getByRole('list', { name: t['grade.accessList'] }).waitFor();
    found['security panel'] = await seriousViolations(page);
    found['security panel contrast'] = await contrastViolations(page, '.security');
    await security.screenshot({ path: join(SHOTS, `security-${lang}.png`) });

    await page.getByRole('button', { name: t['file.send'], exact: true }).click();
    await page.getByRole('dialog').waitFor();
    found['send dialog'] = await seriousViolations(page);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t['send.cancel'], exact: true })
      .click();
    // Closing asks first, in an alert dialog over the file page, with the retention fields
    // and the officer who approved the closure: first tried without one (the alert shown).
    await page.getByRole('button', { name: t['file.closeFile'], exact: true }).click();
    const ask = page.getByRole('alertdialog');
    await ask.getByLabel(t['retention.category'], { exact: true }).selectOption('C-3');
    await ask.getByRole('button', { name: t['close.confirm'], exact: true }).click();
    await ask.getByRole('alert').filter({ hasText: t['closure.approverNeeded'] }).waitFor();
    found['close question, no approver'] = await seriousViolations(page);
    found['close question contrast'] = await contrastViolations(page, '[role="alertdialog"]');
    await ask
      .getByLabel(t['closure.approver'], { exact: true })
      .selectOption('tehsildar.vikasnagar');
    found['close question'] = await seriousViolations(page);
    await page.screenshot({ path: join(SHOTS, `close-question-${lang}.png`) });
    await ask.getByRole('button', { name: t['close.confirm'], exact: true }).click();
    await page.getByRole('button', { name: t['file.reopen'], exact: true }).waitFor();
    // The closed file says who closed it and who approved the closure.
    await page.locator('.record-header .closure').waitFor();
    found['closed file'] = await seriousViolations(page);

    await visit(page, '/dak', page.getByLabel(t['dak.from'], { exact: true }), lang);
    // A receipt of my own, so the page is checked with its list of receipts showing. Its
    // subject names the language: the other language's tablet is the same clerk's, and its
    // receipt reaches this list too, sooner or later (two rows named alike failed the wait).
    await page.getByLabel(t['dak.from'], { exact: true }).fill('Gram Pradhan, Sahaspur');
    await page.getByLabel(t['dak.letterNumber'], { exact: true }).fill('GP/12');
    await page.getByLabel(t['dak.letterDate'], { exact: true }).fill('2026-11-20');
    await page.getByLabel(t['dak.subject'], { exact: true }).fill(`Road repair ${lang}`);
    await page.getByRole('button', { name: t['dak.diarise'], exact: true }).click();
    await page
      .getByRole('table', { name: t['dak.withMe'] })
      .getByRole('row')
      .filter({ hasText: `Road repair ${lang}` })
      .waitFor({ timeout: 60_000 });
    found['dak'] = await seriousViolations(page);

    const byPerson = page.getByRole('table', { name: t['review.byPerson'], exact: true });
    await visit(page, '/pendency', byPerson, lang);
    await chartsDrawn(page);
    found['pendency'] = await seriousViolations(page);
    await visit(
      page,
      '/settings',
      page.getByRole('heading', { level: 1, name: t['settings.title'] }),
      lang,
    );
    found['settings'] = await seriousViolations(page);
    await visit(
      page,
      '/verify',
      page.getByRole('heading', { level: 1, name: t['verify.title'] }),
      lang,
    );
    found['verify'] = await seriousViolations(page);
    await visit(page, '/retention', page.getByRole('table', { name: t['retention.list'] }), lang);
    found['retention'] = await seriousViolations(page);
    await page.screenshot({ path: join(SHOTS, `retention-${lang}.png`) });

    // A draft letter in a file: the editor (an order, Hindi and English side by side), then the saved draft.
    await visit(page, '/new', page.getByLabel(t['newFile.subject'], { exact: true }), lang);
    await page.getByLabel(t['newFile.subject'], { exact: true }).fill('Letter file');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    const letters = page.getByRole('region', { name: t['letters.region'], exact: true });
    await letters.getByRole('button', { name: t['letters.new'], exact: true }).click();
    await letters
      .getByLabel(t['letters.template'], { exact: true })
      .selectOption({ label: t['letters.template.order'] });
    await letters.getByLabel(t['letters.to'], { exact: true }).fill('Collector, Dehradun');
    found['draft letter editor'] = await seriousViolations(page);
    await page.screenshot({ path: join(SHOTS, `letter-editor-${lang}.png`), fullPage: true });
    await letters.getByRole('button', { name: t['letters.save'], exact: true }).click();
    await letters.getByRole('button', { name: t['letters.edit'], exact: true }).waitFor();
    found['draft letters'] = await seriousViolations(page);
    await page.screenshot({ path: join(SHOTS, `letter-draft-${lang}.png`), fullPage: true });

    // A file sent with a paragraph and a copy for information: Withdraw beside the copy,
    // then the list without it; pulled back, its first volume is closed (asked first).
    await visit(page, '/new', page.getByLabel(t['newFile.subject'], { exact: true }), lang);
    await page.getByLabel(t['newFile.subject'], { exact: true }).fill('Pension of Ram Singh');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    await page.getByLabel(t['file.noting'], { exact: true }).fill('Pension papers are complete.');
    await page.getByRole('button', { name: t['file.send'], exact: true }).click();
    const send = page.getByRole('dialog');
    await send.getByLabel(t['send.to'], { exact: true }).selectOption('tehsildar.vikasnagar');
    await send
      .getByRole('group', { name: t['copy.to'], exact: true })
      .getByRole('checkbox', { name: lang === 'en' ? /Mohan Singh Negi/ : /मोहन सिंह नेगी/ })
      .check();
    await send.getByRole('button', { name: t['send.submit'], exact: true }).click();
    await send.waitFor({ state: 'hidden' });
    const copies = page.getByRole('region', { name: t['copy.listHeading'], exact: true });
    const withdraw = copies.getByRole('button', {
      name: fill(t['copy.withdrawOne'], {
        name: lang === 'en' ? 'Mohan Singh Negi' : 'मोहन सिंह नेगी',
      }),
      exact: true,
    });
    await withdraw.waitFor();
    found['copies with withdraw'] = await seriousViolations(page);
    found['copies with withdraw contrast'] = await contrastViolations(page, '.copy-list');
    await copies.screenshot({ path: join(SHOTS, `copies-withdraw-${lang}.png`) });
    await withdraw.click();
    await copies.waitFor({ state: 'hidden' });
    found['copy withdrawn'] = await seriousViolations(page);
    await page.getByRole('button', { name: t['file.pullBack'], exact: true }).click();
    const closeVolume = page.getByRole('button', { name: t['volume.close'], exact: true });
    await closeVolume.click();
    await page.getByText(fill(t['volume.question'], { volume: 'I', next: 'II' })).waitFor();
    found['close volume question'] = await seriousViolations(page);
    found['close volume question contrast'] = await contrastViolations(page, '.close-volume');
    await page
      .locator('.close-volume')
      .screenshot({ path: join(SHOTS, `close-volume-${lang}.png`) });
    await page
      .getByRole('button', { name: fill(t['volume.confirm'], { volume: 'I' }), exact: true })
      .click();
    await page
      .getByRole('region', { name: fill(t['volume.heading'], { volume: 'I' }), exact: true })
      .waitFor();
    found['closed volume'] = await seriousViolations(page);
    found['closed volume contrast'] = await contrastViolations(page, '.note-sheet');

    // Signing out with work not sent: offline, a new file is sure to wait in the outbox.
    await visit(page, '/new', page.getByLabel(t['newFile.subject'], { exact: true }), lang);
    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await waitForActiveServiceWorker(page);
    await tablet.setOffline(true);
    await page.getByLabel(t['newFile.subject'], { exact: true }).fill('Not sent yet');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '/' }).waitFor();
    await openMenu(page, lang);
    await page.getByRole('button', { name: t['auth.signOut'], exact: true }).click();
    await page.getByRole('alertdialog', { name: t['signOut.pendingTitle'] }).waitFor();
    found['sign-out warning'] = await seriousViolations(page);
    found['sign-out warning contrast'] = await contrastViolations(page, '[role="alertdialog"]');
    await page.getByRole('button', { name: t['signOut.confirm'], exact: true }).click();
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).waitFor();
    await tablet.setOffline(false);

    // The DM's review: the whole district, both tables and both charts.
    await page.getByLabel(t['auth.username'], { exact: true }).fill(DM);
    await page.getByLabel(t['auth.password'], { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
    await page.getByRole('button', { name: t['menu.button'], exact: true }).waitFor();
    await visit(
      page,
      '/pendency',
      page.getByText(t['review.reachDistrict'], { exact: true }),
      lang,
    );
    await page.getByRole('table', { name: t['review.byOffice'], exact: true }).waitFor();
    await byPerson.waitFor();
    await chartsDrawn(page);
    found['pendency (district)'] = await seriousViolations(page);

    expect(found).toEqual({
      'sign-in': [],
      'busy sign-in button contrast': [],
      inbox: [],
      file: [],
      'link picker': [],
      'link picker contrast': [],
      'linked files': [],
      'linked files contrast': [],
      'link removed': [],
      'link removed contrast': [],
      'attached files': [],
      'attached files contrast': [],
      'security panel': [],
      'security panel contrast': [],
      'send dialog': [],
      'close question, no approver': [],
      'close question contrast': [],
      'close question': [],
      'closed file': [],
      menu: [],
      dak: [],
      pendency: [],
      settings: [],
      verify: [],
      retention: [],
      'draft letter editor': [],
      'draft letters': [],
      'copies with withdraw': [],
      'copies with withdraw contrast': [],
      'copy withdrawn': [],
      'close volume question': [],
      'close volume question contrast': [],
      'closed volume': [],
      'closed volume contrast': [],
      'sign-out warning': [],
      'sign-out warning contrast': [],
      'pendency (district)': [],
    });
  });
});
