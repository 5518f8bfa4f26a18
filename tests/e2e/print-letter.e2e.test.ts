// Issue 16, the printed letter, in real Chromium: the desk assistant drafts an order in
// Hindi and English and sends the file to the tehsildar, who approves it and prints it.
// The PDF Chromium prints, read back with pdf.js, is one A4 sheet with the letterhead,
// number, date, addressee, subject, both texts and the approver, and none of the app;
// its QR code, rasterised from the PDF by pdftoppm and decoded as a camera would, is the
// signed approval, valid against the directory's keys as the server lists them.
// Then the Verify page, offline: the code pasted, and a photo of the printed page,
// each says `Signature valid` with who approved it; a changed code says why not.
import { verifyBytes } from '@doc/verify-bytes.ts';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceKeyMap } from '@doc/key-listing.ts';
import { verifyLetterQr } from '@doc/letter-qr.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { decodeRgb, readPpm } from '../fixtures/qr-image.ts';
import { contrastViolations } from './harness/axe.ts';
import {
  createFile,
  openMenu,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { readPdf, type PdfSheet } from './harness/pdf-text.ts';
import {
  PASSWORD,
  TEHSILDAR,
  openFromInbox,
  startDeskAndTehsildar,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const SUBJECT = 'Encroachment on gram sabha land, Dhakrani';
const TO = 'Patwari, Dhakrani';
/** The device a verifier signs in from, to be given the directory's keys. */
const VERIFIER_DEVICE = '00000000-0000-4000-8000-00000000e2f1';
const A4 = { width: 595, height: 842 };
const CHROME = ['Inbox', 'New file', 'Dak', 'Pendency', 'Menu', 'Sync status', 'Synced'];
const BUTTONS = ['Print letter', 'Print note sheet', 'Approve draft', 'Export file'];

/** Prints the letter from its button and keeps the PDF, its text and a 200 dpi raster of it. */
async function printLetter(page: Page, name: string): Promise<{ sheets: PdfSheet[]; ppm: string }> {
  // Headless Chromium has no print dialog: the paper stays until afterprint.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByRole('button', { name: 'Print letter', exact: true }).click();
  await page.locator('body > .letter-paper .qr-code').waitFor({ state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.locator('.letter-paper').waitFor({ state: 'detached' });
  const path = join(SHOTS, `${name}.pdf`);
  await writeFile(path, pdf);
  const run = promisify(execFile);
  await run('pdftoppm', [
    '-r',
    '200',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    path,
    join(SHOTS, name),
  ]);
  await run('pdftoppm', ['-png', '-r', '60', '-singlefile', path, join(SHOTS, name)]);
  return { sheets: await readPdf(pdf), ppm: join(SHOTS, `${name}.ppm`) };
}

describe('print a letter', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  let fileNumber = '';
  /** The QR code's text as decoded from the printed PDF. */
  let code = '';

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk drafts an order in Hindi and English; the tehsildar approves it', async () => {
    const { page } = desk;
    fileNumber = await createFile(page, SUBJECT, 'Land records');
    const letters = page.getByRole('region', { name: 'Draft letters', exact: true });
    await letters.getByRole('button', { name: 'New draft letter', exact: true }).click();
    await letters
      .getByLabel('Template', { exact: true })
      .selectOption({ label: 'Order (Hindi and English)' });
    await letters.getByLabel('To', { exact: true }).fill(TO);
    await letters.getByRole('button', { name: 'Save letter', exact: true }).click();
    await letters.getByRole('button', { name: 'Edit draft', exact: true }).waitFor();
    await sendFile(page, { to: TEHSILDAR.name });
    await waitForSyncStatus(page, /^Synced/);

    await openFromInbox(tehsildar.page, SUBJECT);
    const theirs = tehsildar.page.getByRole('region', { name: 'Draft letters', exact: true });
    await theirs
      .getByRole('button', { name: 'Approve draft', exact: true })
      .click({ timeout: 60_000 });
    await theirs.getByText(/Approved by Anita Bisht/).waitFor();
  });

  it('prints A4 with letterhead, number, addressee, both texts, approver and a QR code that verifies', async () => {
    const { page } = tehsildar;
    const { sheets, ppm } = await printLetter(page, 'letter-en');
    expect(sheets).toHaveLength(1);
    const sheet = sheets[0] as PdfSheet;
    expect(sheet.width).toBeCloseTo(A4.width, 0);
    expect(sheet.height).toBeCloseTo(A4.height, 0);
    const paper = sheet.text;
    for (const words of [
      'Tehsil Vikasnagar',
      'No.: given at dispatch',
      `File number: ${fileNumber}`,
      /Date: \d{1,2} \w{3} \d{4}/,
      `To, ${TO}`,
      `Subject: ${SUBJECT}`,
      'ORDER',
      `On perusal of the records on file no. ${fileNumber}`,
      'Anita Bisht',
      'Tehsildar',
      'Signed with the approver’s device key',
    ])
      expect(paper).toMatch(typeof words === 'string' ? new RegExp(escape(words)) : words);
    for (const word of [...CHROME, ...BUTTONS])
      expect(paper).not.toMatch(new RegExp(`(^|\\W)${word}(\\W|$)`));
    const off = sheet.items.filter(
      (it) => it.left < 0 || it.right > sheet.width + 0.5 || it.baseline < 0,
    );
    expect(off).toEqual([]);

    // The QR code as printed: decoded from the PDF's pixels, checked with the directory's keys.
    const payload = decodeRgb(readPpm(new Uint8Array(await readFile(ppm))));
    const keys = deviceKeyMap((await signInOverApi(server.url)).deviceKeys ?? []);
    const verdict = verifyLetterQr(payload, (id) => keys.get(id), verifyBytes);
    expect(verdict.ok ? verdict.facts.approvedBy : verdict).toBe(TEHSILDAR.username);
    const hash = verdict.ok ? verdict.facts.textHash : '';
    expect(paper).toContain(`Text hash ${hash.slice(0, 16)}`);
    expect(tehsildar.pageErrors).toEqual([]);
    code = payload;
  });

  it('the Verify page, offline, checks the code pasted and a photo of the page', async () => {
    const { page } = tehsildar;
    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await waitForActiveServiceWorker(page);
    await tehsildar.setOffline(true);
    await openMenu(page, 'en');
    await page.getByRole('link', { name: 'Verify', exact: true }).click();
    const result = page.getByRole('region', { name: 'Letter verification result', exact: true });
    await page.getByLabel('QR code text', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Check QR code', exact: true }).click();
    await result.getByRole('heading', { name: 'Signature valid' }).waitFor();
    expect(await result.innerText()).toContain(
      'Approved by Anita Bisht, Tehsildar, Tehsil Vikasnagar',
    );
    // Found on this tablet by a live query of its own, after the verdict: awaited, not read.
    await result.getByText(`This letter is on this tablet: file ${fileNumber}`).waitFor();
    expect(await contrastViolations(page, '.verify-page')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'verify-letter-valid-en.png'), fullPage: true });

    // A changed character in the code: not valid, and why. (Changed for sure: a hash that
    // begins with 0 made "replace the first character with 0" change nothing, once in 16.)
    const tampered = code.replace(
      /"textHash":"(.)/,
      (_, first: string) => `"textHash":"${first === '0' ? '1' : '0'}`,
    );
    expect(tampered).not.toBe(code);
    await page.getByLabel('QR code text', { exact: true }).fill(tampered);
    await page.getByRole('button', { name: 'Check QR code', exact: true }).click();
    await result.getByRole('heading', { name: 'Not valid' }).waitFor();
    expect(await result.innerText()).toContain('The signature does not match');
    expect(await contrastViolations(page, '.verify-page')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'verify-letter-bad-en.png'), fullPage: true });

    // A photo of the printed page (the PDF drawn at 150 dpi, as a phone's camera sees it).
    const photo = join(SHOTS, 'letter-photo');
    await promisify(execFile)('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-singlefile',
      join(SHOTS, 'letter-en.pdf'),
      photo,
    ]);
    await page.getByLabel('QR code text', { exact: true }).fill('');
    await page.getByLabel('Photo of QR code', { exact: true }).setInputFiles(`${photo}.png`);
    await result.getByRole('heading', { name: 'Signature valid' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('QR code text', { exact: true }).inputValue()).toBe(code);
    await tehsildar.setOffline(false);
    expect(tehsildar.pageErrors).toEqual([]);
  });

  it('dispatched, the letter is in the dispatch register, which prints alone on A4', async () => {
    const { page } = tehsildar;
    await openFromInbox(page, SUBJECT);
    const letters = page.getByRole('region', { name: 'Draft letters', exact: true });
    await letters.getByRole('button', { name: 'Dispatch', exact: true }).click();
    const dialog = letters.getByRole('form', { name: 'Dispatch the letter' });
    await dialog
      .getByLabel('Dispatch mode', { exact: true })
      .selectOption({ label: 'Registered post' });
    await dialog.getByRole('button', { name: 'Dispatch', exact: true }).click();
    const number = (await letters.locator('.letter-dispatch strong').innerText()).trim();
    expect(number).toMatch(/^VKN\/DSP\/\d{4}\/\d+-1\(I\)$/);

    await openMenu(page, 'en');
    await page.getByRole('link', { name: 'Dispatch register', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: number });
    await row.waitFor();
    expect(await row.innerText()).toContain('Registered post');
    // In portrait the register scrolls sideways and axe cannot decide the contrast of
    // cells scrolled out of view; in landscape every cell is in view.
    const portrait = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await contrastViolations(page, '.register-page')).toEqual([]);
    if (portrait !== null) await page.setViewportSize(portrait);
    await page.screenshot({ path: join(SHOTS, 'dispatch-register-en.png'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.locator('body > .register-paper').waitFor({ state: 'attached' });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    await writeFile(join(SHOTS, 'dispatch-register.pdf'), pdf);
    const sheets = await readPdf(pdf);
    const paper = sheets.map((x) => x.text).join(' ');
    expect(sheets[0]?.width).toBeCloseTo(A4.height, 0);
    expect(paper).toContain('Dispatch register — Tehsil Vikasnagar');
    for (const words of [number, 'Registered post', TO, SUBJECT, fileNumber])
      expect(paper).toContain(words);
    for (const word of [...CHROME, 'Print register', 'Export CSV', 'From date'])
      expect(paper).not.toMatch(new RegExp(`(^|\\W)${word}(\\W|$)`));
    expect(tehsildar.pageErrors).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The directory's device keys as the server gives them at sign-in, to anyone who verifies. */
async function signInOverApi(url: string): Promise<SessionResponse> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'naib.vikasnagar',
      password: PASSWORD,
      deviceId: VERIFIER_DEVICE,
    }),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as SessionResponse;
}
