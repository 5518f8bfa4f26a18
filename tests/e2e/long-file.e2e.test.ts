// A long file on a cheap tablet (issue 20): opening it, the browser lays out only
// the notings near the screen (content-visibility in styles.css), since laying out
// and shaping every noting's Devanagari was most of the time a 60-noting file took
// to open at 4× slowed CPU (docs/BENCHMARKS.md). What a person meets must not
// change: the notes they scroll to are drawn, and a "para 2" reference in the
// last noting still jumps to paragraph 2 and shows it; a long link in it wraps.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createFile,
  noteSheet,
  openApp,
  saveDraftNoting,
  sendFile,
  shareServerAndBrowser,
  signIn,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, openFromInbox } from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const SUBJECT = 'Demarcation of khasra 118, village Dhakrani';
const NOTINGS = 16;
/** A noting as long as a real one, in Hindi and English, so 16 run well below the screen. */
const noting = (n: number): string =>
  `${n}. ग्राम ढकरानी के खसरा संख्या 118 का सीमांकन राजस्व निरीक्षक द्वारा पक्षकारों की ` +
  `उपस्थिति में किया गया; पड़ोसी खातेदारों ने आपत्ति दर्ज की है और पटवारी की आख्या ` +
  `संलग्न है। The kanungo's report is on record; the objections of the neighbouring ` +
  `holders are to be heard before orders are passed on the demarcation.`;
/** A link with no place to break: it must wrap inside the noting, not run past its edge. */
const LINK =
  'https://bhulekh.uk.gov.in/ror?token=' +
  'QmhhcmF0aXlhRGhha3Jhbmkxc3RLaGFzcmExMThWaWthc25hZ2FyVGVoc2lsRGVocmFkdW5EaXN0cmljdDE0MzNGYXNsaQ' +
  'QmhhcmF0aXlhRGhha3Jhbmkxc3RLaGFzcmExMThWaWthc25hZ2FyVGVoc2lsRGVocmFkdW5EaXN0cmljdDE0MzNGYXNsaQ';
const LAST = `As in para 2, the objections are to be heard on the next date. ${LINK} ${noting(NOTINGS)}`;

/** Whether the browser has drawn the element's contents (false while content-visibility skips them). */
function drawn(element: Locator): Promise<boolean> {
  return element.evaluate((e) => e.checkVisibility({ contentVisibilityAuto: true }));
}

function inViewport(page: Page, element: Locator): Promise<boolean> {
  return element.evaluate((e, height) => {
    const box = e.getBoundingClientRect();
    return box.top >= 0 && box.top < height;
  }, page.viewportSize()?.height ?? 0);
}

describe('a long file', () => {
  const shared = shareServerAndBrowser();

  it('draws the notings near the screen; scrolling and a paragraph reference reach the rest', async () => {
    const tablet = await shared.browser.newTablet('long-file');
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, SUBJECT, 'Land records');
    // A noting turns green when the file is sent; pulled back, the clerk notes again.
    for (let n = 1; n <= NOTINGS; n++) {
      await saveDraftNoting(page, n === NOTINGS ? LAST : noting(n));
      await sendFile(page, { to: TEHSILDAR.name });
      await page.locator(`#para-${n}`).waitFor();
      if (n < NOTINGS) await page.getByRole('button', { name: 'Pull back', exact: true }).click();
    }
    await page.getByRole('button', { name: 'Pull back', exact: true }).click();
    await openFromInbox(page, SUBJECT);

    const text = (n: number) => page.locator(`#para-${n} .noting-text`);
    await text(1).waitFor();
    expect(await drawn(text(1))).toBe(true);
    // Far below the screen: in the page (find in page, screen readers) but not laid out.
    expect(await drawn(text(NOTINGS))).toBe(false);
    await expect.poll(() => noteSheet(page).getByText(noting(NOTINGS)).count()).toBe(1);

    // The person scrolls down to the last noting: it is drawn.
    while (!(await inViewport(page, text(NOTINGS)))) await page.mouse.wheel(0, 600);
    await expect.poll(() => drawn(text(NOTINGS))).toBe(true);
    // Its long link wraps within the noting, which stays within the screen (it had
    // widened the page's column, the notings' right part out of sight).
    expect(await text(NOTINGS).evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(
      await page.locator(`#para-${NOTINGS}`).evaluate((e) => e.getBoundingClientRect().right),
    ).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'long-file-last-noting.png') });

    // Its "para 2" jumps up to paragraph 2, which is drawn where the person looks.
    await page
      .locator(`#para-${NOTINGS}`)
      .getByRole('link', { name: 'Para 2', exact: true })
      .click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#para-2');
    await expect.poll(() => inViewport(page, page.locator('#para-2'))).toBe(true);
    expect(await drawn(text(2))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'long-file-para-2.png') });
    expect(tablet.pageErrors).toEqual([]);
  });
});
