// The file page on a tablet, in real Chromium: at 1280×800 landscape the note sheet
// and the correspondence stand side by side, the letter's scan drawn in place beside
// the note sheet (as eOffice shows it) without opening the viewer; at 800×1280
// portrait they stack in one column. Screenshots of both are written for a person
// to look at (.tmp/screenshots, not committed).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { navigate, noteSheet, openApp, shareServerAndBrowser, signIn } from './harness.ts';
import { REPO_ROOT } from './harness/paths.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const SHOTS = join(REPO_ROOT, '.tmp', 'screenshots');
const SUBJECT = 'Complaint about a blocked water channel, Sabhawala';

/** A page-sized "letter" drawn in the browser, as a camera would hand one over. */
async function letterPng(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 600;
    canvas.height = 800;
    const g = canvas.getContext('2d');
    if (g === null) throw new Error('no 2d context');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 600, 800);
    g.fillStyle = '#222';
    g.font = '28px sans-serif';
    g.fillText('Gram Pradhan, Sabhawala', 40, 80);
    g.font = '20px sans-serif';
    for (let line = 0; line < 20; line++) g.fillRect(40, 140 + line * 30, 500 - (line % 3) * 60, 6);
    return canvas.toDataURL('image/png').split(',')[1] ?? '';
  });
  return Buffer.from(base64, 'base64');
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('not shown');
  return found;
}

describe('the file page on a tablet', () => {
  const shared = shareServerAndBrowser();

  it('shows the note sheet and the scanned letter side by side in landscape, stacked in portrait', async () => {
    await mkdir(SHOTS, { recursive: true });
    const tablet = await shared.browser.newTablet('side-by-side');
    const { page } = tablet;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);

    // A letter diarised, scanned, and put in a new file.
    await navigate(page, 'Dak');
    await page.getByLabel('From', { exact: true }).fill('Gram Pradhan, Sabhawala');
    await page.getByLabel('Letter number', { exact: true }).fill('GP/31');
    await page.getByLabel('Letter date', { exact: true }).fill('2026-11-28');
    await page.getByLabel('Subject', { exact: true }).fill(SUBJECT);
    await page.getByRole('button', { name: 'Diarise', exact: true }).click();
    await page
      .getByRole('link', { name: /^Diary number: / })
      .first()
      .click();
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans
      .getByLabel('Add scan')
      .setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: await letterPng(page) });
    await scans.getByRole('button', { name: 'Open letter.png' }).waitFor();
    await page.getByRole('button', { name: 'Put in a new file', exact: true }).click();
    await noteSheet(page).waitFor();
    await page
      .getByLabel('Noting', { exact: true })
      .fill('The letter is placed below; please see.');

    const sheet = noteSheet(page);
    const correspondence = page.getByRole('region', { name: 'Correspondence', exact: true });
    const scan = correspondence.getByRole('img', { name: 'letter.png' });
    await scan.waitFor({ timeout: 30_000 });
    // Drawn in the page from the tablet's own copy, not a link to the viewer.
    expect(await scan.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SHOTS, 'file-landscape.png') });

    const [sheetL, corrL, scanL] = [await box(sheet), await box(correspondence), await box(scan)];
    // Side by side: the correspondence to the right of the note sheet, both starting high up.
    expect(corrL.x).toBeGreaterThanOrEqual(sheetL.x + sheetL.width);
    expect(corrL.y).toBeLessThan(sheetL.y + sheetL.height);
    expect(corrL.y).toBeLessThan(800);
    // The scan is big enough to read: most of its column's width, and on screen.
    expect(scanL.width).toBeGreaterThan(corrL.width * 0.8);
    expect(scanL.width).toBeGreaterThan(400);
    expect(scanL.x + scanL.width).toBeLessThanOrEqual(1280);

    await page.setViewportSize({ width: 800, height: 1280 });
    await page.screenshot({ path: join(SHOTS, 'file-portrait.png'), fullPage: true });
    const [sheetP, corrP] = [await box(sheet), await box(correspondence)];
    // One column: the correspondence below the note sheet, as wide.
    expect(corrP.y).toBeGreaterThanOrEqual(sheetP.y + sheetP.height);
    expect(corrP.x).toBeLessThan(sheetP.x + sheetP.width);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });
});
