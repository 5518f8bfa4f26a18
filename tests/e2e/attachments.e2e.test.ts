// Scans across two browsers: the desk assistant photographs a letter onto a file
// (downscaled in Chromium, stored on the tablet, uploaded over tus), sends the
// file to the tehsildar, whose browser downloads the scan and shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFile,
  sendFile,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { contrastViolations } from './harness/axe.ts';
import { TEHSILDAR, openFromInbox, startDeskAndTehsildar } from './harness/pwa.ts';

const SUBJECT = 'Scanned complaint about a blocked water channel, Sabhawala';
/** A 4×4 opaque PNG, as a camera would hand over a (much larger) photo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4oKAARwzEcQCqQxABtaashgAAAABJRU5ErkJggg==',
  'base64',
);

describe('scans across two browsers', () => {
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

  it('the desk assistant attaches a photo; it is stored and uploaded', async () => {
    const { page } = desk;
    await createFile(page, SUBJECT, 'Revenue');
    const scans = page.getByRole('region', { name: 'Scans' });
    // As a person does: tap the Add scan button, then pick the photo in the chooser it opens.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      scans.getByRole('button', { name: 'Add scan' }).click(),
    ]);
    await chooser.setFiles({ name: 'complaint.png', mimeType: 'image/png', buffer: PNG });
    await scans.getByRole('button', { name: 'Open complaint.png' }).waitFor();
    await scans.getByText('Uploaded').waitFor({ timeout: 60_000 });
    await sendFile(page, { to: TEHSILDAR.name, remarks: 'Scan attached.' });
    await waitForSyncStatus(page, /^Synced/);
  });

  it('the tehsildar opens the file and sees the scan in the viewer', async () => {
    const { page } = tehsildar;
    await openFromInbox(page, SUBJECT);
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans.getByRole('button', { name: 'Open complaint.png' }).click({ timeout: 60_000 });
    const viewer = page.getByRole('dialog', { name: 'Scan viewer' });
    const image = viewer.getByRole('img', { name: 'complaint.png' });
    await image.waitFor({ timeout: 60_000 });
    const size = await image.evaluate((img: HTMLImageElement) => [
      img.naturalWidth,
      img.naturalHeight,
    ]);
    expect(size).toEqual([4, 4]);
    // Its buttons (close, zoom, fit) read on the viewer's dark ground (they were white on white).
    expect(await contrastViolations(page, '.scan-viewer')).toEqual([]);
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    expect(await image.getAttribute('data-scale')).toBe('1.25');
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
