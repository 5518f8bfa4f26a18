// Issue 14, "verify, offline, by anyone", on a real tablet: the clerk's Chromium
// exports a file it synced (its log proofs fetched while online), then, with the
// network off, exports it again from what the tablet holds and opens that archive
// on the Verify page: `Signature valid`, in English and in Hindi. A changed noting
// in the archive is named. Screenshots go to $PATRAVALI_E2E_SHOTS (or the temp folder).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FILES, packExport, unpackExport } from '@doc/export-format.ts';
import {
  createFile,
  openApp,
  openMenu,
  saveDraftNoting,
  sendFile,
  shareServerAndBrowser,
  signIn,
  waitForSyncStatus,
  type Tablet,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, waitForActiveServiceWorker } from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const NOTING = 'सर्वेक्षण रिपोर्ट संलग्न है। मानक के अनुसार राहत की संस्तुति।';

describe('export a file and verify it offline', () => {
  const shared = shareServerAndBrowser();
  let tablet: Tablet;
  let dir = '';

  beforeAll(async () => {
    tablet = await shared.browser.newTablet('export');
    dir = await mkdtemp(join(tmpdir(), 'patravali-export-e2e-'));
    await mkdir(SHOTS, { recursive: true });
  });

  // The downloads and the archives made from them; the screenshots stay, to be looked at.
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Clicks Export file and saves the download; returns its path and the status line. */
  async function exportFile(page: Page, name: string): Promise<{ path: string; said: string }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export file', exact: true }).click(),
    ]);
    const path = join(dir, name);
    await download.saveAs(path);
    const said = await page.getByText(/saved\. Entries proven/).innerText();
    return { path, said };
  }

  async function verify(page: Page, path: string): Promise<string> {
    await page.getByLabel(/^(Exported file|निर्यात फ़ाइल)$/).setInputFiles(path);
    const region = page.getByRole('region', { name: /^(Verification result|सत्यापन परिणाम)$/ });
    await region.waitFor();
    return region.innerText();
  }

  it('exports, goes offline, exports again and verifies: Signature valid', async () => {
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, 'बाढ़ राहत — ग्राम कालसी', 'Disaster relief');
    await saveDraftNoting(page, NOTING);
    await sendFile(page, { to: TEHSILDAR.name, remarks: 'कृपया अवलोकन करें' });
    await waitForSyncStatus(page, /^Synced/);
    const online = await exportFile(page, 'online.zip');
    expect(online.said).toMatch(/proven in the server log: (\d+) of \1\./);

    // A tablet is ready offline once its service worker is active (the precache complete);
    // before that, a page not yet visited cannot load offline (a busy machine shows it).
    await waitForActiveServiceWorker(page);
    await tablet.setOffline(true);
    const offline = await exportFile(page, 'offline.zip');
    expect(offline.said).toMatch(/proven in the server log: (\d+) of \1\./);
    // The Verify link is in the header's menu, with Settings.
    await openMenu(page, 'en');
    await page.getByRole('link', { name: 'Verify', exact: true }).click();
    const text = await verify(page, offline.path);
    expect(text.split('\n')[0]).toBe('Signature valid');
    expect(text).not.toContain('What is wrong');
    // Every entry device-signed and proven in the log: nothing to note.
    expect(text).not.toContain('Note');
    expect(text).toMatch(/signed entries (\d+); proven in the server log \1/);
  });

  it('names a changed noting in the archive', async () => {
    const { page } = tablet;
    const files = unpackExport(new Uint8Array(await readFile(join(dir, 'offline.zip'))));
    if (files === null) throw new Error('the export is not an archive');
    const record = new TextDecoder().decode(files.get(EXPORT_FILES.record));
    expect(record).toContain(NOTING);
    files.set(EXPORT_FILES.record, new TextEncoder().encode(record.replace('संलग्न', 'अलग्न')));
    const tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, packExport(files));
    const text = await verify(page, tampered);
    expect(text.split('\n')[0]).toBe('Not valid');
    expect(text).toContain(
      'file record.json: The file’s SHA-256 does not match the hash report: the file was changed',
    );
    expect(text).toMatch(
      /entry [0-9a-f-]{36}: The signature does not match: the words were changed/,
    );
  });

  it('says the same in Hindi', async () => {
    const { page } = tablet;
    await page.getByRole('button', { name: 'Change language: हिन्दी', exact: true }).click();
    const text = await verify(page, join(dir, 'offline.zip'));
    expect(text.split('\n')[0]).toBe('हस्ताक्षर मान्य');
    await page.screenshot({ path: join(SHOTS, 'verify-hi.png'), fullPage: true });
    const bad = await verify(page, join(dir, 'tampered.zip'));
    expect(bad.split('\n')[0]).toBe('मान्य नहीं');
    expect(bad).toContain('हस्ताक्षर मेल नहीं खाता');
    await page.screenshot({ path: join(SHOTS, 'verify-hi-tampered.png'), fullPage: true });
  });
});
