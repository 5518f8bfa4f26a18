// References in notings (issue 17, CSMOP para 25): the file's receipts carry their flags
// (PUC, FR I) in Correspondence, and a noting's "PUC", "FR I" and "para 1" are links to
// the flagged receipt beside the note sheet and to the paragraph ("पैरा 1" in Hindi).
import { describe, expect, it } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, diarise, sendTo } from './steps.ts';

async function putIn(device: Device, diary: string, file: string, subject: string) {
  const { user } = device;
  await user.click(await screen.findByRole('link', { name: diary }));
  await screen.findByRole('heading', { level: 1, name: diary });
  await user.selectOptions(await screen.findByLabelText('Existing file'), `${file} — ${subject}`);
  await user.click(screen.getByRole('button', { name: 'Put in file' }));
  await screen.findByRole('heading', { level: 1, name: file });
}

async function noteAndSend(device: Device, text: string) {
  await device.user.type(screen.getByLabelText(EN.noting), text);
  await sendTo(device, EN, TEHSILDAR.id);
}

describe('references in notings', () => {
  it('flags the receipts and links a noting to them and to a paragraph', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const subject = 'Encroachment at Sabhawala';
    const file = await createFile(device, EN, subject);
    const first = await diarise(device, EN, 'Complaint of the gram pradhan');
    await putIn(device, first, file, subject);
    const second = await diarise(device, EN, 'Report of the patwari');
    await putIn(device, second, file, subject);

    const side = screen.getByRole('region', { name: 'Correspondence' });
    const items = within(side).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.slice(0, 6))).toEqual([
      expect.stringMatching(/^PUC /),
      expect.stringMatching(/^FR I /),
    ]);
    const [puc, fr] = items;

    await noteAndSend(device, 'PUC and FR I may kindly be seen; FR IV is awaited.');
    const sheet = screen.getByRole('region', { name: EN.noteSheet });
    const pucLink = await within(sheet).findByRole('link', {
      name: 'PUC: the receipt it flags, in Correspondence',
    });
    expect(pucLink).toHaveTextContent('PUC');
    expect(pucLink.getAttribute('href')).toBe(`#${puc?.id}`);
    const frLink = within(sheet).getByRole('link', {
      name: 'FR I: the receipt it flags, in Correspondence',
    });
    expect(frLink.getAttribute('href')).toBe(`#${fr?.id}`);
    // No fourth receipt: "FR IV" stays text.
    expect(within(sheet).queryByRole('link', { name: /^FR IV/ })).toBeNull();
    expect(within(sheet).getByText(/FR IV is awaited/)).toBeInTheDocument();
    expect(document.getElementById(puc?.id ?? '')).toBe(puc);
    expect(puc?.id).not.toBe('');
  });

  it('links "पैरा 1" in a Hindi noting to the first paragraph', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'सीमांकन');
    await noteAndSend(device, 'सीमांकन हेतु आवेदन प्राप्त।');
    await device.user.click(screen.getByRole('button', { name: EN.pullBack }));
    await screen.findByRole('button', { name: EN.send });
    await noteAndSend(device, 'कृपया पैरा 1 देखें।');
    const sheet = screen.getByRole('region', { name: EN.noteSheet });
    const link = await within(sheet).findByRole('link', { name: 'Para 1' });
    expect(link).toHaveTextContent('पैरा 1');
    expect(link.getAttribute('href')).toBe('#para-1');
    expect(sheet.querySelector('#para-1')).toHaveTextContent('सीमांकन हेतु आवेदन प्राप्त।');
  });
});
