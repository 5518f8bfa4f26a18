// Issue 6's "Done when" in real Chromium: a Vikasnagar file has been pending with the
// tehsildar for 20 days (its history pushed to the real server by the desk assistant's
// session, with event times fixed 25 and 20 days back); the DM signs in, sees it in the
// 16–30 bucket for Vikasnagar, drills down to it and opens its timeline. Forty more files,
// with long Hindi subjects, wait on the desk assistant's desk (0–7 days) so the printed
// record list runs over several sheets: the PDF Chromium prints, read back with pdf.js,
// holds every office name, date and subject whole and nothing off the sheet. The server counts a pushed event's time only from the
// pushing device's last contact (docs/decisions/0002-record-order.md), so the desk
// assistant's tablet is registered 40 days back, before the history it pushes.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asDeviceId, asEventId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { sync } from '../integration/server-sync-client.ts';
import {
  launchBrowser,
  navigate,
  openApp,
  pendencyRegion,
  signIn,
  startServer,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { readPdf, squash } from './harness/pdf-text.ts';

const DAY = 86_400_000;
const CLERK = 'clerk.vikasnagar';
const TEHSILDAR = 'tehsildar.vikasnagar';
const DEVICE = '00000000-0000-4000-8000-00000000e2e6';
const RECORD = asRecordId('00000000-0000-4000-8000-0000000e2e61');
const NUMBER = 'VKN/REV/2026/9-1';
const SUBJECT = 'Demarcation of khasra 418, village Dhakrani';

const DEVANAGARI = /[\u0900-\u097f]/;

/** A Hindi cell's Latin and digit words ("खसरा संख्या 418 …" → 418) are all on the paper. */
function latinWordsOnPaper(cell: string, paper: string): boolean {
  const words = cell.match(/[A-Za-z0-9/-]+/g) ?? [];
  return (
    words.length > 0 &&
    words.every((w) => new RegExp(`(^|[^A-Za-z0-9])${w}([^A-Za-z0-9]|$)`).test(paper))
  );
}

/** A file the clerk opened two days ago and still holds; its subject is long on purpose. */
function waitingFile(now: number, n: number): Uint8Array {
  const created = now - 2 * DAY;
  const meta: RecordMeta = {
    schemaVersion: 1,
    kind: 'file',
    id: waitingId(n),
    number: `VKN/REV/2026/9-${n + 2}`,
    subject: `ग्राम ढकरानी, परगना पछवादून में खसरा संख्या ${400 + n} की भूमि के सीमांकन एवं अभिलेख दुरुस्ती के सम्बन्ध में उप जिलाधिकारी विकासनगर को प्रेषित राजस्व निरीक्षक की आख्या`,
    category: 'landRecords',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(CLERK),
    createdAt: formatHlc({ wallMs: created, counter: n, node: CLERK }),
    createdDeviceTime: created,
    clockVerified: true,
  };
  return Y.encodeStateAsUpdate(createRecordDoc(meta));
}

const WAITING = 40;
const waitingId = (n: number) =>
  asRecordId(`00000000-0000-4000-8000-0000000e3${String(n).padStart(3, '0')}`);

async function signInOverApi(url: string, username: string): Promise<SessionResponse> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234', deviceId: DEVICE }),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as SessionResponse;
}

/** The file as the clerk's tablet made it: created 25 days ago, sent to the tehsildar 20 days ago. */
function backdatedFile(now: number): Uint8Array {
  const created = now - 25 * DAY;
  const sentAt = now - 20 * DAY;
  const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: CLERK });
  const meta: RecordMeta = {
    schemaVersion: 1,
    kind: 'file',
    id: RECORD,
    number: NUMBER,
    subject: SUBJECT,
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(CLERK),
    createdAt: hlc(created),
    createdDeviceTime: created,
    clockVerified: true,
  };
  const sent: RecordEvent = {
    id: asEventId('00000000-0000-4000-8000-0000000e2e62'),
    type: 'sent',
    actor: asPersonId(CLERK),
    hlc: hlc(sentAt),
    deviceTime: sentAt,
    clockVerified: true,
    basis: null,
    to: asPersonId(TEHSILDAR),
    remarks: 'Please decide.',
    dueDate: null,
    priority: 'normal',
  };
  // Unsigned, as an older build made it: the server takes it from its author's own session.
  const doc = createRecordDoc(meta);
  appendEvents(doc, [sent]);
  return Y.encodeStateAsUpdate(doc);
}

describe('pendency review in the browser (DM, district)', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let tablet: Tablet;

  beforeAll(async () => {
    // No demo records: the district holds only the file this test seeds.
    const dataDir = await mkdtemp(join(tmpdir(), 'patravali-e2e-data-'));
    const storage = openSqliteStorage(dataDir);
    await storage.registerDevice(
      asDeviceId(DEVICE),
      asOfficeId('vikasnagar'),
      'desk tablet',
      Date.now() - 40 * DAY,
    );
    await storage.close();
    server = await startServer({ dataDir, env: { PATRAVALI_DEMO_CONTENT: '0' } });
    const clerk = await signInOverApi(server.url, CLERK);
    const update = backdatedFile(clerk.serverTime);
    const waiting = Array.from({ length: WAITING }, (_, n) => ({
      ref: n + 2,
      recordId: waitingId(n),
      update: waitingFile(clerk.serverTime, n),
    }));
    const pushed = await sync(server.url, clerk.token, DEVICE, 0, [
      { ref: 1, recordId: RECORD, update },
      ...waiting,
    ]);
    expect(pushed.response.refusals).toEqual([]);
    browser = await launchBrowser();
    tablet = await browser.newTablet('collectorate');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('shows the file in the 16–30 bucket for Vikasnagar, drills down and opens its timeline', async () => {
    const { page } = tablet;
    await openApp(page, server.url, 'en');
    await signIn(page, 'dm.dehradun', 'demo1234');
    await navigate(page, 'Pendency');
    const region = pendencyRegion(page);
    await region.getByText('Whole district').waitFor();

    const offices = region.getByRole('table', { name: 'Pendency by office' });
    const bucket = offices.getByRole('button', {
      name: 'Tehsil Vikasnagar, 16–30 days: 1 record',
      exact: true,
    });
    await bucket.waitFor();
    const tehsildar = region
      .getByRole('table', { name: 'Pendency by person' })
      .getByRole('button', { name: 'Anita Bisht, 16–30 days: 1 record', exact: true });
    await tehsildar.waitFor();

    await bucket.click();
    const list = page.getByRole('region', { name: 'Tehsil Vikasnagar — 16–30 days' });
    const row = list.getByRole('row').filter({ hasText: NUMBER });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(SUBJECT);
    expect(text).toContain('Anita Bisht');
    expect(text).toMatch(/\b20\b/);

    // The DM's tablet syncs the district; once the file is here its number links to it.
    const link = list.getByRole('link', { name: NUMBER, exact: true });
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    await page.getByRole('heading', { level: 1, name: NUMBER }).waitFor();
    const timeline = page.getByRole('region', { name: 'Time at each desk', exact: true });
    const hops = timeline.getByRole('listitem');
    await hops.nth(1).waitFor();
    expect(await hops.count()).toBe(2);
    expect(await hops.nth(0).innerText()).toMatch(/Sunita Rawat[\s\S]*5 days/);
    expect(await hops.nth(1).innerText()).toMatch(/Anita Bisht[\s\S]*20 days · still here/);
    expect(tablet.pageErrors).toEqual([]);
  });
  it('prints every office name, date and subject whole and on the sheet; the small tables share the first', async () => {
    const { page } = tablet;
    await navigate(page, 'Pendency');
    const region = pendencyRegion(page);
    await region
      .getByRole('table', { name: 'Pendency by office' })
      .getByRole('button', { name: `Tehsil Vikasnagar, 0–7 days: ${WAITING} records`, exact: true })
      .waitFor();

    // The app's note about getting ready offline is on screen (nobody tapped its OK): it
    // must not reach the paper.
    const offlineNote = page.locator('.offline-ready');
    await offlineNote.waitFor();
    const noteText = squash(await offlineNote.innerText());
    await page.emulateMedia({ media: 'print' });
    // What the browser's own print command does first: the report is put in the page.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const report = page.locator('.print-report');
    await report.locator('tbody tr').first().waitFor();
    const cells = (await report.locator('td').allInnerTexts()).map(squash).filter(Boolean);
    // On the laid-out sheets no cell hides part of its text (cut, clipped or "…").
    const clipped = await report
      .locator('td, th')
      .evaluateAll((all) =>
        all
          .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)
          .map((c) => c.textContent),
      );
    expect(clipped).toEqual([]);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });

    const sheets = await readPdf(pdf);
    const paper = sheets.map((s) => s.text).join(' ');
    // Forty long records need more than one sheet: the browser's pagination is exercised.
    expect(sheets.length).toBeGreaterThanOrEqual(2);
    // Every cell of the report is on paper in full, no word split: office and person
    // names, numbers, dates, the English subject. pdf.js cannot read back Devanagari
    // conjuncts from Chromium's PDF fonts (they come out as U+0000), so a Hindi cell's
    // Latin and digit words are checked, in order, on one line of the paper.
    const missing = [...new Set(cells)].filter((cell) =>
      DEVANAGARI.test(cell) ? !latinWordsOnPaper(cell, paper) : !paper.includes(cell),
    );
    expect(missing).toEqual([]);
    expect(cells).toContain('Tehsil Vikasnagar');
    expect(cells).toContain(SUBJECT);
    expect(cells.filter((c) => c.startsWith('ग्राम ढकरानी'))).toHaveLength(WAITING);
    expect(cells.some((c) => /^\d{1,2} [A-Z][a-z]{2} 20\d\d$/.test(c))).toBe(true);
    expect(paper).not.toContain('…');
    expect(noteText).toMatch(/Ready to work offline|Preparing this tablet/);
    expect(paper).not.toMatch(/Ready to work offline|Preparing this tablet|work offline/);
    // Nothing runs off a sheet's edge.
    const off = sheets.flatMap((s, i) =>
      s.items
        .filter((it) => it.left < 0 || it.right > s.width + 0.5 || it.baseline < 0)
        .map((it) => `sheet ${i + 1}: ${it.str}`),
    );
    expect(off).toEqual([]);
    // The office and person tables share the first sheet; every sheet is numbered.
    expect(sheets[0]?.text).toContain('Pendency by office');
    expect(sheets[0]?.text).toContain('Pendency by person');
    sheets.forEach((s, i) => expect(s.text).toContain(`Page ${i + 1} of ${sheets.length}`));
    expect(tablet.pageErrors).toEqual([]);
  });
});
