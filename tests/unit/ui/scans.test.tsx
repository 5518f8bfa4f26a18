// Scans on a receipt: add a PDF (stored on the device, queued for upload, listed
// with its pages); a file that lies about its type is refused with a message.
import { describe, expect, it } from 'vitest';
import { isInaccessible } from '@testing-library/dom';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { EN } from './names.ts';

const PDF = '%PDF-1.4\n1 0 obj <</Type /Page>>\n2 0 obj <</Type /Page>>\n%%EOF';

async function openNewReceipt(device: Device): Promise<void> {
  const { user } = device;
  await user.click(screen.getByRole('link', { name: EN.dak }));
  await user.type(await screen.findByLabelText(EN.from), 'SDM Vikasnagar');
  await user.type(screen.getByLabelText(EN.letterNumber), '77/2026');
  await user.type(screen.getByLabelText(EN.letterDate), '2026-11-18');
  await user.type(screen.getByLabelText(EN.subject), 'Scanned letter');
  await user.click(screen.getByRole('button', { name: EN.diarise }));
  const link = await screen.findByRole('link', { name: /^Diary number: / });
  const diary = /: (VKN\/\S+)$/.exec(link.textContent ?? '')?.[1] ?? '';
  await user.click(await screen.findByRole('link', { name: diary }));
  await screen.findByRole('heading', { level: 1, name: diary });
}

describe('scans', () => {
  it('adds a PDF scan to a receipt: listed with its pages and queued for upload', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await openNewReceipt(device);
    const region = screen.getByRole('region', { name: 'Scans' });
    expect(region).toHaveTextContent('No scans yet.');
    // A button a new user sees as one: before, bold words (a label) with nothing to tap.
    const chooser = within(region).getByLabelText('Add scan');
    let opened = 0;
    chooser.addEventListener('click', () => (opened += 1));
    await device.user.click(within(region).getByRole('button', { name: 'Add scan' }));
    expect(opened).toBe(1);
    // A screen reader meets "Add scan" once, as the button: the chooser is not a second stop.
    expect(isInaccessible(chooser)).toBe(true);
    const file = new File([PDF], 'letter.pdf', { type: 'application/pdf' });
    await device.user.upload(within(region).getByLabelText('Add scan'), file);
    expect(
      await within(region).findByRole('button', { name: 'Open letter.pdf' }),
    ).toBeInTheDocument();
    expect(region).toHaveTextContent('2 pages');
    expect(within(region).getByRole('progressbar', { name: 'Upload of letter.pdf' })).toBeTruthy();
    expect(await device.db.blobs.count()).toBe(1);
    expect(await device.db.scanUploads.count()).toBe(1);
  });

  it('refuses a file whose bytes are not what it claims, and stores nothing', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await openNewReceipt(device);
    const region = screen.getByRole('region', { name: 'Scans' });
    const fake = new File([PDF], 'photo.jpg', { type: 'image/jpeg' });
    await device.user.upload(within(region).getByLabelText('Add scan'), fake);
    expect(await within(region).findByRole('alert')).toHaveTextContent(
      'photo.jpg: This file is not what its name says; it was not attached.',
    );
    expect(region).toHaveTextContent('No scans yet.');
    expect(await device.db.blobs.count()).toBe(0);
  });
});

describe("a file's scans", () => {
  it('counts the scans of the receipts put in it, in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await openNewReceipt(device);
    const receiptScans = screen.getByRole('region', { name: 'Scans' });
    const file = new File([PDF], 'letter.pdf', { type: 'application/pdf' });
    await device.user.upload(within(receiptScans).getByLabelText('Add scan'), file);
    await within(receiptScans).findByRole('button', { name: 'Open letter.pdf' });
    await device.user.click(screen.getByRole('button', { name: 'Put in a new file' }));
    await screen.findByRole('region', { name: EN.noteSheet });

    const fileScans = screen.getByRole('region', { name: 'Scans' });
    await expect
      .poll(() => fileScans.textContent)
      .toContain('1 scan in this file’s receipts (see Correspondence).');
    expect(fileScans).not.toHaveTextContent('No scans yet.');
    await device.user.click(screen.getByRole('button', { name: en['lang.switchLabel'] }));
    await expect
      .poll(() => screen.queryByRole('region', { name: hi['scan.region'] })?.textContent ?? '')
      .toContain('इस पत्रावली की प्राप्तियों में 1 स्कैन है');
  });
});
