// A PDF scan across two browsers: the desk assistant attaches a two-page PDF to a file
// (stored on the tablet, uploaded), sends the file to the tehsildar, whose browser
// downloads it and draws it with pdf.js; then, offline after a reload, it still draws
// (pdf.js and its worker come from the service worker's precache, the bytes from the device).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  createFile,
  noteSheet,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import {
  TEHSILDAR,
  openFromInbox,
  startDeskAndTehsildar,
  waitForActiveServiceWorker,
} from './harness/pwa.ts';

const SUBJECT = 'Scanned mutation order for khasra 214, village Dhakrani';
const PDF_NAME = 'mutation-order.pdf';

/**
 * A minimal valid PDF: one page per text, each drawing its line in the standard
 * Helvetica font (not embedded), with the xref offsets computed from the bytes.
 */
function pdfWithPages(texts: readonly string[]): Buffer {
  // Objects 1–3: catalog, page tree, font; then per page its /Page and its content stream.
  const pageIds = texts.map((_, i) => 4 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${texts.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (const [i, text] of texts.entries()) {
    const contentId = 5 + i * 2;
    const content = `BT /F1 28 Tf 30 90 Td (${text}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // Only ASCII above, so string length is byte length and every offset is exact.
  return Buffer.from(body, 'latin1');
}

const PDF = pdfWithPages(['Order page one', 'Page two: approved']);

/** Dark pixels on the viewer's canvas and a position-weighted sum, to tell pages apart. */
function inkOf(canvas: Locator): Promise<{ dark: number; signature: number }> {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const ctx = el.getContext('2d');
    if (ctx === null || el.width === 0 || el.height === 0) return { dark: 0, signature: 0 };
    const { data } = ctx.getImageData(0, 0, el.width, el.height);
    let dark = 0;
    let signature = 0;
    for (let i = 0; i < data.length; i += 4) {
      const lum = (data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255);
      if ((data[i + 3] ?? 0) > 0 && lum < 300) {
        dark += 1;
        signature = (signature + i / 4) % 1_000_000_007;
      }
    }
    return { dark, signature };
  });
}

/** Waits until the canvas shows ink that differs from `other` (a page drawn, not the previous one). */
async function waitForInk(
  canvas: Locator,
  other?: { signature: number },
): Promise<{ dark: number; signature: number }> {
  await expect
    .poll(
      async () => {
        const ink = await inkOf(canvas);
        return ink.dark > 50 && ink.signature !== other?.signature;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return inkOf(canvas);
}

/** Opens the PDF scan from the Scans region; checks both pages draw and the counter follows. */
async function viewBothPages(page: Page): Promise<void> {
  const scans = page.getByRole('region', { name: 'Scans' });
  await scans.getByRole('button', { name: `Open ${PDF_NAME}` }).click({ timeout: 60_000 });
  const viewer = page.getByRole('dialog', { name: 'Scan viewer' });
  await viewer.getByText('Page 1 of 2').waitFor({ timeout: 60_000 });
  const canvas = viewer.getByRole('img', { name: PDF_NAME });
  const first = await waitForInk(canvas);
  // Close and the page arrows read on the viewer's dark ground (they were white on white);
  // axe skips a disabled arrow, so each is checked on the page where it works.
  expect(await contrastViolations(page, '.scan-viewer')).toEqual([]);
  await viewer.getByRole('button', { name: 'Next page' }).click();
  await viewer.getByText('Page 2 of 2').waitFor();
  expect(await viewer.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
  await waitForInk(canvas, first);
  expect(await contrastViolations(page, '.scan-viewer')).toEqual([]);
  await viewer.getByRole('button', { name: 'Close viewer' }).click();
}

describe('a PDF scan across two browsers, online and offline', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let desk: Tablet;
  let tehsildar: Tablet;

  beforeAll(async () => {
    ({ server, browser, desk, tehsildar } = await startDeskAndTehsildar());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('the desk assistant attaches a two-page PDF; it is uploaded and the file sent', async () => {
    const { page } = desk;
    await createFile(page, SUBJECT, 'Revenue');
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans
      .getByLabel('Add scan')
      .setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF });
    await scans.getByRole('button', { name: `Open ${PDF_NAME}` }).waitFor();
    await scans.getByText('2 pages').waitFor();
    await scans.getByText('Uploaded').waitFor({ timeout: 60_000 });
    await sendFile(page, { to: TEHSILDAR.name, remarks: 'Mutation order attached.' });
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar opens it: pdf.js draws page 1, then page 2', async () => {
    const { page } = tehsildar;
    await openFromInbox(page, SUBJECT);
    await viewBothPages(page);
  });

  it('offline after a reload, the PDF still opens and draws', async () => {
    const { page } = tehsildar;
    await waitForActiveServiceWorker(page);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    // The library chunk and the worker script it starts, both in the precache.
    expect(cached.some((u) => /\/assets\/pdf-[\w-]+\.js/.test(u))).toBe(true);
    expect(cached.some((u) => /\/assets\/pdf\.worker\.min-[\w-]+\.js/.test(u))).toBe(true);
    await tehsildar.setOffline(true);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await noteSheet(page).waitFor();
    await waitForSyncStatus(page, /Offline/);
    await viewBothPages(page);
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
