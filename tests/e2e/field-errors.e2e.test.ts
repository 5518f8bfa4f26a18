// A field in error is marked by its edge, not only by the words beside it: in real
// Chromium, the send dialog pressed with no recipient and a due date that is none shows
// both fields with a border of another colour and width than a field that is right, its
// colour at least 3:1 against the dialog (WCAG 1.4.11), in Hindi and English; axe finds
// no colour-contrast problem in the dialog then. The dialog in error is photographed at
// 390 px (a phone) and 800 px (a tablet, portrait), for a person to look at.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { openApp, shareServerAndBrowser, signIn, type Lang } from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const CATALOG = { en, hi } as const;
/** Where the dialog in error is photographed, for a person to look at. */
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const WIDTHS = [390, 800] as const;

interface Edge {
  /** Top, right, bottom and left, px. */
  readonly widths: readonly number[];
  readonly style: string;
  readonly colour: string;
  /** Of its colour against the dialog's background. */
  readonly contrast: number;
  /** From its left edge to where its words start, px. */
  readonly wordsFrom: number;
}

/** A field's border as drawn, and its contrast with the dialog it sits in. */
function edge(field: Locator): Promise<Edge> {
  return field.evaluate((el) => {
    const rgb = (css: string): number[] =>
      (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((n) => Number(n) / 255);
    const luminance = (c: number[]) => {
      const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const style = getComputedStyle(el);
    const dialog = el.closest('[role="dialog"]');
    if (dialog === null) throw new Error('not in a dialog');
    const ground = getComputedStyle(dialog).backgroundColor;
    const a = luminance(rgb(style.borderLeftColor));
    const b = luminance(rgb(ground));
    return {
      widths: ['Top', 'Right', 'Bottom', 'Left'].map((side) =>
        parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)),
      ),
      style: style.borderTopStyle,
      colour: style.borderTopColor,
      contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
      wordsFrom: parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
    };
  });
}

const shared = shareServerAndBrowser();

describe.each<Lang>(['en', 'hi'])('a field in error (%s)', (lang) => {
  const t = CATALOG[lang];

  it('has a wider border of another colour, 3:1 against the dialog', async () => {
    const tablet = await shared.browser.newTablet(`field-errors-${lang}`);
    const { page } = tablet;
    await mkdir(SHOTS, { recursive: true });
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await openApp(page, shared.server.url, lang);
    await page.locator('header a[href="/new"]').click();
    await page.getByLabel(t['newFile.subject'], { exact: true }).fill('Encroachment on pasture');
    await page.getByRole('button', { name: t['newFile.create'], exact: true }).click();
    // The file's page: its Send waited for.
    await page.getByRole('button', { name: t['file.send'], exact: true }).click();
    const dialog = page.getByRole('dialog');
    const to = dialog.getByLabel(t['send.to'], { exact: true });
    const due = dialog.getByLabel(t['send.dueDate'], { exact: true });
    const priority = dialog.getByLabel(t['send.priority'], { exact: true });
    const remarks = dialog.getByLabel(t['send.remarks'], { exact: true });
    const before = await edge(due);
    const height = async () => (await due.boundingBox())?.height;
    const tall = await height();
    await due.fill('31-02-2027');
    await dialog.getByRole('button', { name: t['send.submit'], exact: true }).click();
    await expect.poll(() => due.getAttribute('aria-invalid')).toBe('true');
    expect(await to.getAttribute('aria-invalid')).toBe('true');

    const right = { select: await edge(priority), textarea: await edge(remarks) };
    // A field that is right: the plain thin edge, as the date field had before Send.
    expect(right.select.widths).toEqual([1, 1, 1, 1]);
    expect(right.textarea).toEqual(right.select);
    expect(before).toEqual(right.select);
    for (const [name, field, like] of [
      ['send to', to, right.select],
      ['due date', due, right.textarea],
    ] as const) {
      const wrong = await edge(field);
      // Not colour alone: wider all round, widest where reading starts.
      expect([name, wrong.colour]).not.toEqual([name, like.colour]);
      expect([name, wrong.style]).toEqual([name, 'solid']);
      expect([name, wrong.widths]).toEqual([name, [2, 2, 2, 6]]);
      expect([name, wrong.contrast >= 3]).toEqual([name, true]);
      // The wider border takes nothing from the words: they stay where they were.
      expect([name, wrong.wordsFrom]).toEqual([name, like.wordsFrom]);
    }
    expect(await height()).toBe(tall);
    expect(await contrastViolations(page, '[role="dialog"]')).toEqual([]);

    await page.evaluate(() => document.fonts.ready);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 1280 });
      await dialog.screenshot({ path: join(SHOTS, `send-errors-${lang}-${width}.png`) });
    }
    await tablet.close();
  });
});
