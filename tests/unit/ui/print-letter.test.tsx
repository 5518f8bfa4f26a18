// The printed letter (issue 16): once the tehsildar approves an order in Hindi and
// English, `Print letter` puts an A4 paper in the page while the browser prints: the
// letterhead in both languages, the number (the dispatch number once dispatched),
// addressee, subject, both texts, the approver, and a QR code that reads back (from
// its drawn modules, as a camera would) as the signed approval, valid against the
// directory's keys on the tablet. The note sheet stays out of that print.
import { verifyBytes } from '@doc/verify-bytes.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyLetterQr } from '@doc/letter-qr.ts';
import { storedDeviceKeys } from '@storage/services.ts';
import { decodeMatrix } from '../../fixtures/qr-image.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

const n = EN;
const region = () => screen.getByRole('region', { name: 'Draft letters' });
const firstDraft = () => region().querySelector<HTMLElement>('.draft-letter') as HTMLElement;

interface Printed {
  readonly text: string;
  readonly matrix: string | null;
  readonly noteSheet: boolean;
}

/** What the page holds when the app calls window.print (the browser fires beforeprint first). */
async function printLetter(device: Device): Promise<Printed> {
  const printed: Printed[] = [];
  vi.spyOn(window, 'print').mockImplementation(() => {
    window.dispatchEvent(new Event('beforeprint'));
    const paper = document.querySelector('body > .letter-paper');
    printed.push({
      text: paper?.textContent ?? '',
      matrix: paper?.querySelector('.qr-code')?.getAttribute('data-matrix') ?? null,
      noteSheet: document.querySelector('body > .note-sheet-paper') !== null,
    });
    window.dispatchEvent(new Event('afterprint'));
  });
  await device.user.click(within(firstDraft()).getByRole('button', { name: 'Print letter' }));
  await expect.poll(() => printed.length).toBe(1);
  // Removed once React renders after afterprint, not necessarily at once.
  await expect.poll(() => document.querySelector('.letter-paper')).toBeNull();
  return printed[0] as Printed;
}

afterEach(() => vi.restoreAllMocks());

describe('print letter', () => {
  it('prints the approved order with its signed QR code, and its dispatch number once dispatched', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Encroachment on gram sabha land, Dhakrani');
    await user.click(within(region()).getByRole('button', { name: 'New draft letter' }));
    await user.selectOptions(
      within(region()).getByLabelText('Template'),
      'Order (Hindi and English)',
    );
    await user.type(within(region()).getByLabelText('To'), 'Patwari, Dhakrani');
    await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
    await within(region()).findByText(/Awaiting approval/);
    expect(within(firstDraft()).queryByRole('button', { name: 'Print letter' })).toBeNull();
    await sendTo(device, n, TEHSILDAR.id);

    await signOutOf(device, n);
    await signInAs(device, n, TEHSILDAR.id);
    await openFromInbox(device, n, number);
    await user.click(within(firstDraft()).getByRole('button', { name: 'Approve draft' }));
    await within(firstDraft()).findByText(/Approved by Anita Bisht/);

    const paper = await printLetter(device);
    expect(paper.noteSheet).toBe(false);
    for (const words of [
      'तहसील विकासनगर',
      'Tehsil Vikasnagar',
      'No.: given at dispatch',
      `File number: ${number}`,
      'To,Patwari, Dhakrani',
      'Subject: Encroachment on gram sabha land, Dhakrani',
      'ORDER',
      'आदेश',
      'Anita Bisht',
      'Tehsildar',
      'Signed with the approver’s device key',
    ])
      expect(paper.text).toContain(words);

    // The QR code, read from its modules, is the signed approval: valid here, offline.
    expect(paper.matrix).not.toBeNull();
    const payload = decodeMatrix(paper.matrix ?? '');
    const keys = await storedDeviceKeys(device.db);
    const verdict = verifyLetterQr(payload, (id) => keys.get(id), verifyBytes);
    expect(verdict.ok && verdict.facts.approvedBy).toBe(TEHSILDAR.id);
    expect(paper.text).toContain(
      `Text hash ${verdict.ok ? verdict.facts.textHash.slice(0, 16) : '?'}`,
    );
    await sendTo(device, n, CLERK.id);

    // Dispatched, the letter carries its dispatch number.
    await signOutOf(device, n);
    await signInAs(device, n, CLERK.id);
    await openFromInbox(device, n, number);
    await user.click(within(firstDraft()).getByRole('button', { name: 'Dispatch' }));
    const dialog = within(region()).getByRole('form', { name: 'Dispatch the letter' });
    await user.click(within(dialog).getByRole('button', { name: 'Dispatch' }));
    await within(firstDraft()).findByText(/Dispatch number/);
    const dispatched = await printLetter(device);
    expect(dispatched.text).toMatch(/No\. VKN\/DSP\/\d{4}\/3-1\(I\)/);
    expect(decodeMatrix(dispatched.matrix ?? '')).toBe(payload);
  });
});
