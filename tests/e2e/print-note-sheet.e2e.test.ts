// Issue 17, "Print note sheet", in real Chromium: the desk assistant notes a file and
// sends it to the tehsildar, who notes it and sends it back through the server; the
// desk assistant prints it. The PDF Chromium prints, read back with pdf.js, holds the
// file number, subject, both paragraphs with author, designation, date and signature
// status, and none of the app's navigation or buttons; the sheet is A4 portrait. Then
// the same in Hindi. The sheets are also drawn as PNGs to $PATRAVALI_E2E_SHOTS (or the
// temp folder) when pdftoppm is installed, for a person to look at.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  noteSheet,
  saveDraftNoting,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { readPdf, squash, type PdfSheet } from './harness/pdf-text.ts';
import { CLERK, TEHSILDAR, openFromInbox, startDeskAndTehsildar } from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const SUBJECT = 'Mutation of khasra 212, village Sahaspur';
const NOTING_1 =
  'Patwari report received; the sale deed of 14 March is on record. Submitted for orders.';
const NOTING_2 = 'Mutation approved. Enter it in the khatauni and inform the parties.';
/** A4 in PDF points, portrait. */
const A4 = { width: 595, height: 842 };
/** What the app around the note sheet says: none of it may be printed. */
const CHROME = ['Inbox', 'New file', 'Dak', 'Pendency', 'Menu', 'Sync status', 'Synced'];
const BUTTONS = ['Print note sheet', 'Save draft', 'Pull back', 'Export file', 'Close file'];
/** The send's remarks: in the movement history on screen, in neither language on the note sheet. */
const REMARKS = 'For orders.';

/** Prints the page as the browser's own print command does and reads the PDF back. */
async function printToPdf(page: Page, name: string): Promise<PdfSheet[]> {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.locator('.note-sheet-paper').waitFor({ state: 'attached' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  const path = join(SHOTS, `${name}.pdf`);
  await writeFile(path, pdf);
  await promisify(execFile)('pdftoppm', ['-png', '-r', '60', path, join(SHOTS, name)]).catch(
    () => undefined, // only for looking at; the test reads the PDF's text itself
  );
  return readPdf(pdf);
}

describe('print the note sheet', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;
  let fileNumber = '';

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('two paragraphs by two people, through the server', async () => {
    fileNumber = await createFile(desk.page, SUBJECT, 'Land records');
    await saveDraftNoting(desk.page, NOTING_1);
    await sendFile(desk.page, { to: TEHSILDAR.name, remarks: REMARKS });
    await waitForSyncStatus(desk.page, /^Synced/);

    await openFromInbox(tehsildar.page, SUBJECT);
    await saveDraftNoting(tehsildar.page, NOTING_2);
    await sendFile(tehsildar.page, { to: CLERK.name });
    await waitForSyncStatus(tehsildar.page, /^Synced/);

    await openFromInbox(desk.page, SUBJECT);
    await noteSheet(desk.page).getByText(NOTING_2).waitFor({ timeout: 60_000 });
  });

  it('the button puts the paper in the page while the browser prints, and takes it away after', async () => {
    const { page } = desk;
    // Headless Chromium has no print dialog: record what the page holds when print is called.
    await page.evaluate(() => {
      const w = window as unknown as { printed?: string };
      window.print = () => {
        w.printed = document.querySelector('body > .note-sheet-paper')?.textContent ?? '';
      };
    });
    const button = page.getByRole('button', { name: 'Print note sheet', exact: true });
    await button.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'note-sheet-button.png') });
    await button.click();
    const printed = await page.evaluate(() => (window as unknown as { printed?: string }).printed);
    expect(printed).toContain(NOTING_1);
    expect(printed).toContain(NOTING_2);
    expect(await page.locator('.note-sheet-paper').count()).toBe(0);
  });

  it('prints number, subject, every paragraph with author, designation, date and signature, and no app', async () => {
    const { page } = desk;
    // The dates as the screen's note sheet shows them, in the same language and clock.
    const dates = await noteSheet(page).locator('.noting time').allInnerTexts();
    expect(dates).toHaveLength(2);
    const sheets = await printToPdf(page, 'note-sheet-en');
    const paper = sheets.map((s) => s.text).join(' ');

    expect(sheets[0]?.width).toBeCloseTo(A4.width, 0);
    expect(sheets[0]?.height).toBeCloseTo(A4.height, 0);
    expect(paper).toContain(`File number: ${fileNumber}`);
    expect(paper).toContain(`Subject: ${SUBJECT}`);
    const para1 = paper.indexOf('Para 1');
    const para2 = paper.indexOf('Para 2');
    expect(para1).toBeGreaterThanOrEqual(0);
    expect(para2).toBeGreaterThan(para1);
    // Each paragraph: its words, then its author, designation, date and signature status.
    const first = paper.slice(para1, para2);
    const second = paper.slice(para2);
    for (const [part, noting, who, designation, date] of [
      [first, NOTING_1, CLERK.name, 'Desk Assistant', dates[0]],
      [second, NOTING_2, TEHSILDAR.name, 'Tehsildar', dates[1]],
    ] as const) {
      expect(part).toContain(squash(noting));
      expect(part).toContain(who);
      expect(part).toContain(designation);
      expect(part).toContain(squash(date ?? '?'));
      expect(part).toMatch(/Signed with the author.s device key · key [\w-]{8}/);
    }
    expect(paper).toMatch(/Printed .* by Sunita Rawat, Desk Assistant/);
    sheets.forEach((s, i) => expect(s.text).toContain(`Page ${i + 1} of ${sheets.length}`));
    for (const word of [...CHROME, ...BUTTONS, REMARKS])
      expect(paper).not.toMatch(new RegExp(`(^|\\W)${word}(\\W|$)`));
    // Nothing runs off the sheet.
    const off = sheets.flatMap((s) =>
      s.items.filter((it) => it.left < 0 || it.right > s.width + 0.5 || it.baseline < 0),
    );
    expect(off).toEqual([]);
    // Printing over, the app is as it was.
    await page.getByRole('button', { name: 'Print note sheet', exact: true }).waitFor();
    expect(await page.locator('.note-sheet-paper').count()).toBe(0);
    expect(desk.pageErrors).toEqual([]);
  });

  it('prints in Hindi', async () => {
    const { page } = desk;
    await page.getByRole('button', { name: 'Change language: हिन्दी', exact: true }).click();
    await page.getByRole('button', { name: 'नोटशीट प्रिंट करें', exact: true }).waitFor();
    const dates = await page
      .getByRole('region', { name: 'नोटशीट', exact: true })
      .locator('.noting time')
      .allInnerTexts();
    // What the paper says, as the page holds it while printing (pdf.js reads back
    // Chromium's Devanagari conjuncts as U+0000, so the Hindi words are checked here).
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const held = squash(await page.locator('.note-sheet-paper').innerText());
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(held).toContain(`पत्रावली संख्या: ${fileNumber}`);
    expect(held).toContain(`विषय: ${SUBJECT}`);
    expect(held).toContain('अनुच्छेद 1');
    expect(held).toContain('सुनीता रावत');
    expect(held).toContain('पटल सहायक');
    expect(held).toContain('अनीता बिष्ट');
    expect(held).toContain('तहसीलदार');
    expect(held).toContain('लेखक के उपकरण की कुंजी से हस्ताक्षरित');
    for (const date of dates) expect(held).toContain(squash(date));

    const sheets = await printToPdf(page, 'note-sheet-hi');
    const paper = sheets.map((s) => s.text).join(' ');
    expect(sheets[0]?.width).toBeCloseTo(A4.width, 0);
    expect(sheets[0]?.height).toBeCloseTo(A4.height, 0);
    expect(paper).toContain(fileNumber);
    expect(paper).toContain(squash(NOTING_1));
    expect(paper).toContain(squash(NOTING_2));
    expect(paper).not.toContain(REMARKS);
    expect(desk.pageErrors).toEqual([]);
  });
});
