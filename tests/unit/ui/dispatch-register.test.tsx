// The dispatch register page (issue 16): the clerk dispatches two approved letters of a
// file, one by post and one by hand; Dispatch register (in the menu) lists both with
// number, date, mode, addressee, subject and file, filters by mode, file and dates,
// prints only the register, and saves it as CSV. Then in Hindi.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import {
  followMenuLink,
  newDevice,
  screen,
  signInAs,
  signOutOf,
  within,
  type Device,
} from './harness.tsx';
import { EN } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

const n = EN;
const region = () => screen.getByRole('region', { name: 'Draft letters' });
const drafts = () => [...region().querySelectorAll<HTMLElement>('.draft-letter')];

async function newDraft(device: Device, to: string, hindi: string) {
  const { user } = device;
  await user.click(within(region()).getByRole('button', { name: 'New draft letter' }));
  await user.type(within(region()).getByLabelText('To'), to);
  await user.type(within(region()).getByLabelText('Letter'), hindi);
  await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
  await expect
    .poll(() => within(region()).queryByRole('button', { name: 'Save letter' }))
    .toBeNull();
}

afterEach(() => vi.restoreAllMocks());

describe('dispatch register', () => {
  it('lists dispatched letters, filters them, prints the register alone and saves CSV', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Flood relief, Kalsi');
    await newDraft(device, 'SDM Vikasnagar', 'आख्या प्रस्तुत है।');
    await newDraft(device, 'Patwari, Kalsi', 'स्थल निरीक्षण करें।');
    await sendTo(device, n, TEHSILDAR.id);
    await signOutOf(device, n);
    await signInAs(device, n, TEHSILDAR.id);
    await openFromInbox(device, n, number);
    for (const d of drafts()) {
      await user.click(within(d).getByRole('button', { name: 'Approve draft' }));
      await within(d).findByText(/Approved by/);
    }
    await sendTo(device, n, CLERK.id);
    await signOutOf(device, n);
    await signInAs(device, n, CLERK.id);
    await openFromInbox(device, n, number);
    for (const [i, mode] of [
      [0, 'Post'],
      [1, 'By hand'],
    ] as const) {
      const d = drafts()[i] as HTMLElement;
      await user.click(within(d).getByRole('button', { name: 'Dispatch' }));
      const dialog = within(region()).getByRole('form', { name: 'Dispatch the letter' });
      await user.selectOptions(within(dialog).getByLabelText('Dispatch mode'), mode);
      await user.click(within(dialog).getByRole('button', { name: 'Dispatch' }));
      await within(d).findByText(/Dispatch number/);
    }

    await followMenuLink(device, 'Dispatch register');
    const table = await screen.findByRole('table');
    const rows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toHaveTextContent(/^1VKN\/DSP\/\d{4}\/3-1\(I\).*PostSDM Vikasnagar/);
    expect(rows()[0]).toHaveTextContent(number);
    expect(rows()[1]).toHaveTextContent(/^2VKN\/DSP\/\d{4}\/3-1\(II\).*By handPatwari, Kalsi/);
    expect(table).toHaveTextContent('All dates · 2 letters');

    await user.selectOptions(screen.getByLabelText('Dispatch mode'), 'By hand');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent('Patwari, Kalsi');
    await user.selectOptions(screen.getByLabelText('Dispatch mode'), 'All');
    await user.selectOptions(screen.getByLabelText('File'), number);
    expect(rows()).toHaveLength(2);
    await user.type(screen.getByLabelText('From date'), '2099-01-01');
    expect(await screen.findByText('No letters dispatched that match.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('From date'));
    await screen.findByRole('table');

    // Printed: the register alone, no filters and no buttons.
    let printed = '';
    vi.spyOn(window, 'print').mockImplementation(() => {
      const paper = document.querySelector('body > .register-paper');
      printed = paper?.textContent ?? '';
      expect(paper?.querySelector('button, select, input, a')).toBeNull();
    });
    await user.click(screen.getByRole('button', { name: 'Print register' }));
    expect(printed).toContain('Dispatch register — Tehsil Vikasnagar');
    expect(printed).toContain('SDM Vikasnagar');
    expect(printed).toContain('Patwari, Kalsi');
    await expect.poll(() => document.querySelector('.register-paper')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const csv = device.downloads.at(-1);
    expect(csv?.fileName).toMatch(/^dispatch-register-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (csv?.text ?? '').replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('S. no.,Dispatch number,Date,Dispatch mode,To,Letter subject,File');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(
      /^2,VKN\/DSP\/\d{4}\/3-1\(II\),\d{4}-\d{2}-\d{2},By hand,"?Patwari, Kalsi/,
    );

    // In Hindi.
    await user.click(screen.getByRole('button', { name: 'Change language: हिन्दी' }));
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(
      'प्रेषण पंजी — तहसील विकासनगर',
    );
    expect(screen.getByRole('button', { name: hi['register.print'] })).toBeInTheDocument();
    expect(screen.getByRole('table')).toHaveTextContent('दस्ती');
  });
});
