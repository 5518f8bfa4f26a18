// The header in real Chromium, at 800×1280 portrait and 1280×800 landscape, in Hindi
// and English: it is one row (every item's box on the first line, the header no taller
// than its tallest item plus its padding), nothing in it overflows sideways, also while
// offline with a change waiting (the sync light's longest everyday text); the sync light
// and the §8 navigation links stay in sight, and the rest is behind the menu button,
// which is named in both languages and works from the keyboard.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { hi } from '@i18n/hi.ts';
import {
  noteSheet,
  openApp,
  shareServerAndBrowser,
  signIn,
  type Lang,
  type Tablet,
} from './harness.ts';
import { CLERK, PASSWORD, waitForActiveServiceWorker } from './harness/pwa.ts';

const CATALOG = { en, hi } as const;
const SIZES = [
  { width: 800, height: 1280 },
  { width: 1280, height: 800 },
] as const;

interface HeaderShape {
  readonly height: number;
  /** The header's padding and border, top and bottom together. */
  readonly frame: number;
  readonly tallestItem: number;
  /** Items whose top lies below the bottom of the first line's shortest item. */
  readonly wrapped: readonly string[];
  /** Items reaching past the viewport's right edge, and the header's own overflow. */
  readonly overflowing: readonly string[];
}

function headerShape(page: Page): Promise<HeaderShape> {
  return page.evaluate(() => {
    const header = document.querySelector('header');
    if (header === null) throw new Error('no header');
    const style = getComputedStyle(header);
    const px = (value: string) => Number.parseFloat(value) || 0;
    const frame =
      px(style.paddingTop) +
      px(style.paddingBottom) +
      px(style.borderTopWidth) +
      px(style.borderBottomWidth);
    const items = [...header.children]
      .filter((el) => !el.classList.contains('skip'))
      .map((el) => ({ name: el.className || el.tagName, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const firstLineBottom = Math.min(...items.map(({ box }) => box.bottom));
    return {
      height: header.getBoundingClientRect().height,
      frame,
      tallestItem: Math.max(...items.map(({ box }) => box.height)),
      wrapped: items.filter(({ box }) => box.top >= firstLineBottom).map(({ name }) => name),
      overflowing: [
        ...items
          .filter(({ box }) => box.right > window.innerWidth || box.left < 0)
          .map(({ name }) => name),
        ...(header.scrollWidth > header.clientWidth ? ['header'] : []),
        ...(document.documentElement.scrollWidth > window.innerWidth ? ['page'] : []),
      ],
    };
  });
}

// One server and one browser for both languages, and two tablets, each signed in once
// and used in both languages: the clerk's, and one whose every sync the server refuses
// (its data for the day used up). A fresh tablet per test (a Chromium launch, the app's
// first load, a sign-in and the join) cost 4-5 s each, most of this file's time. Every
// test opens the app again in its own language (`?lang=`, which the app remembers).
const shared = shareServerAndBrowser();
const tablets = new Map<string, Promise<Tablet>>();

/** The tablet called `name`, the clerk signed in on it; `prepare` runs before its first load. */
function tabletOf(name: string, prepare?: (tablet: Tablet) => Promise<void>): Promise<Tablet> {
  let tablet = tablets.get(name);
  if (tablet === undefined) {
    tablet = (async () => {
      const opened = await shared.browser.newTablet(name);
      await prepare?.(opened);
      await openApp(opened.page, shared.server.url, 'en');
      await signIn(opened.page, CLERK.username, PASSWORD);
      // Ready offline before the first reload: a page reloaded while the service worker
      // still installs stores no later files (pwa/register.ts; the next load would), and
      // the first test goes offline on this tablet.
      await waitForActiveServiceWorker(opened.page);
      return opened;
    })();
    tablets.set(name, tablet);
  }
  return tablet;
}

describe.each<Lang>(['en', 'hi'])('header (%s)', (lang) => {
  const t = CATALOG[lang];

  it('is one row at 800 and 1280 wide, synced and offline with a change waiting', async () => {
    const tablet = await tabletOf('header');
    const { page } = tablet;
    await openApp(page, shared.server.url, lang);
    const light = page.getByRole('status', { name: t['sync.label'], exact: true });
    await light.filter({ hasText: t['sync.synced'] }).waitFor({ timeout: 30_000 });

    const shapes: Record<string, HeaderShape> = {};
    const measureAll = async (state: string) => {
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.evaluate(() => document.fonts.ready);
        shapes[`${state} ${size.width}`] = await headerShape(page);
        // What stays in sight: the four daily pages, the sync light, language and menu.
        const banner = page.getByRole('banner');
        for (const key of ['nav.inbox', 'nav.newFile', 'nav.dak', 'nav.pendency'] as const)
          expect(await banner.getByRole('link', { name: t[key], exact: true }).isVisible()).toBe(
            true,
          );
        expect(await light.isVisible()).toBe(true);
        expect(await banner.getByRole('button', { name: t['lang.switchLabel'] }).isVisible()).toBe(
          true,
        );
      }
    };
    await measureAll('synced');

    // The New file page is opened online: its code chunk may not be cached yet.
    await page.getByRole('link', { name: t['nav.newFile'], exact: true }).click();
    const subject = page.getByLabel(t['newFile.subject'], { exact: true });
    await subject.waitFor();
    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await waitForActiveServiceWorker(page);
    await tablet.setOffline(true);
    await light.filter({ hasText: t['sync.offline'] }).waitFor({ timeout: 30_000 });
    await subject.fill('Header check');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    await noteSheet(page)
      .or(page.getByRole('region', { name: t['file.noteSheet'] }))
      .first()
      .waitFor();
    const waiting = t['sync.pending'].one.replace('{count}', '1');
    await light.filter({ hasText: waiting }).waitFor({ timeout: 30_000 });
    await measureAll('offline');
    // Back online for the next test on this tablet, with nothing left waiting.
    await tablet.setOffline(false);
    await light.filter({ hasText: t['sync.synced'] }).waitFor({ timeout: 30_000 });

    for (const [where, shape] of Object.entries(shapes)) {
      expect([where, shape.wrapped, shape.overflowing]).toEqual([where, [], []]);
      expect([where, shape.height]).toEqual([
        where,
        expect.closeTo(shape.tallestItem + shape.frame, 0),
      ]);
    }
  });

  it('gives a light carrying a message a row of its own under the links, at 800 wide', async () => {
    // The server says this person's data for today is used up (HTTP 429, dailyLimit), to
    // every sync of this tablet from its first.
    const { page } = await tabletOf('header-message', async ({ page: first }) => {
      const error = encodeFrame({ type: 'error', code: 'dailyLimit', detail: 'used up' });
      await first.route('**/api/sync', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'retry-after': '36000' },
          contentType: 'application/octet-stream',
          body: Buffer.from(error),
        }),
      );
    });
    await page.setViewportSize(SIZES[0]);
    await openApp(page, shared.server.url, lang);
    const light = page.getByRole('status', { name: t['sync.label'], exact: true });
    await light.filter({ hasText: t['serverError.dailyLimit'] }).waitFor({ timeout: 30_000 });
    // Measured until the layout settles (fonts arriving, the ready-offline strip going):
    // the links, language and menu keep one row; the message reads across the header below.
    const rows = () =>
      page.evaluate(async () => {
        await document.fonts.ready;
        const header = document.querySelector('header');
        const sync = header?.querySelector('[role="status"]');
        if (!header || !sync) throw new Error('no header or light');
        const boxes = [...header.children]
          .filter((el) => !el.classList.contains('skip'))
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && box.height > 0);
        const others = boxes.filter(({ el }) => el !== sync).map(({ box }) => box);
        const light = sync.getBoundingClientRect();
        const tops = new Set(others.map((box) => Math.round(box.top / 8))).size;
        const below = light.top >= Math.max(...others.map((box) => box.bottom)) - 1;
        const wide = light.width > header.clientWidth * 0.8;
        const boxList = boxes
          .map(({ el, box }) => `${el.className || el.tagName} ${box.top}-${box.bottom}`)
          .join('; ');
        return `${tops <= 2 ? 'one row' : 'links wrap'}, light ${below ? 'below' : 'beside'}, ${wide ? 'wide' : 'narrow'} (${boxList})`;
      });
    await expect.poll(rows, { timeout: 15_000 }).toMatch(/^one row, light below, wide /);
    expect(await headerShape(page).then((shape) => shape.overflowing)).toEqual([]);
  });

  it('keeps the rest behind a menu button that works from the keyboard', async () => {
    const { page } = await tabletOf('header');
    await page.setViewportSize(SIZES[0]);
    await openApp(page, shared.server.url, lang);
    const menu = page.getByRole('button', { name: t['menu.button'], exact: true });
    const signOut = page.getByRole('button', { name: t['auth.signOut'], exact: true });
    const settings = page.getByRole('link', { name: t['settings.nav'], exact: true });
    await menu.waitFor();
    expect(await signOut.isVisible()).toBe(false);
    expect(await settings.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await signOut.waitFor();
    await expect.poll(() => settings.isVisible()).toBe(true);
    // Tab reaches the menu's items, in order, right after its button.
    await page.keyboard.press('Tab');
    expect(await settings.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
    await signOut.waitFor({ state: 'hidden' });

    // Choosing an item follows it and closes the menu.
    await page.keyboard.press('Space');
    await settings.click();
    await page.waitForURL((url) => url.pathname === '/settings');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('heading', { level: 1, name: t['settings.title'] }).waitFor();
  });
});
