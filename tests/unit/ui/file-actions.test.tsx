// Pull back, park, close and reopen on the file page: each button appears only
// when the domain allows it, and acting changes the file for everyone on the device.
import { describe, expect, it } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN } from './names.ts';
import { closeShownFile, createFile, fileAtTehsildar, openFromInbox, sendTo } from './steps.ts';

const n = EN;

describe('file actions', () => {
  it('pulls back a file the recipient has not opened yet', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Relief for landslide at Kalsi');
    expect(screen.queryByRole('button', { name: n.pullBack })).toBeNull();
    await sendTo(device, n, TEHSILDAR.id, 'urgent');
    await device.user.click(await screen.findByRole('button', { name: n.pullBack }));
    await screen.findByRole('button', { name: n.send });
    expect(screen.queryByRole('button', { name: n.pullBack })).toBeNull();
    expect(screen.getByRole('region', { name: 'Movement history' })).toHaveTextContent(
      'pulled back before it was opened',
    );

    // The tehsildar no longer has it.
    await signOutOf(device, n);
    await signInAs(device, n, TEHSILDAR.id);
    const inbox = await screen.findByRole('region', { name: n.inbox });
    await within(inbox).findByText('Nothing is pending with you.');
    expect(within(inbox).queryByRole('link', { name: number })).toBeNull();
  });

  it('cannot pull back once the recipient opened it', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const number = await fileAtTehsildar(device, n, 'Pension of late Sh. Negi');
    await signOutOf(device, n);
    await signInAs(device, n, CLERK.id);
    await device.user.click(await screen.findByRole('tab', { name: n.tabSent }));
    await device.user.click(await screen.findByRole('link', { name: number }));
    await screen.findByRole('heading', { level: 1, name: number });
    await screen.findByText(/With Anita Bisht since/);
    expect(screen.queryByRole('button', { name: n.pullBack })).toBeNull();
    expect(screen.queryByRole('button', { name: n.send })).toBeNull();
  });

  it('parks, reopens, closes and reopens a file', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, n, CLERK.id);
    await createFile(device, n, 'Court case 14/2026, Dhakrani');
    expect(screen.queryByRole('button', { name: n.reopen })).toBeNull();

    await user.click(screen.getByRole('button', { name: n.park }));
    await screen.findByText(/Status: Parked/);
    expect(screen.queryByRole('button', { name: n.park })).toBeNull();

    await user.click(screen.getByRole('button', { name: n.reopen }));
    await screen.findByText(/Status: Active/);
    await closeShownFile(device, n, 'C-3');
    await screen.findByText(/Status: Closed/);
    expect(screen.queryByLabelText(n.noting)).toBeNull();
    expect(screen.queryByRole('button', { name: n.send })).toBeNull();
    expect(screen.queryByRole('button', { name: n.closeFile })).toBeNull();

    await user.click(screen.getByRole('button', { name: n.reopen }));
    await screen.findByText(/Status: Active/);
    expect(screen.getByLabelText(n.noting)).toBeInTheDocument();
  });

  it('lets only the creator close the file', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Establishment: leave of patwari');
    expect(screen.getByRole('button', { name: n.closeFile })).toBeInTheDocument();
    await sendTo(device, n, TEHSILDAR.id);
    await signOutOf(device, n);
    await signInAs(device, n, TEHSILDAR.id);
    await openFromInbox(device, n, number);
    await screen.findByRole('button', { name: n.park });
    expect(screen.queryByRole('button', { name: n.closeFile })).toBeNull();
  });
});

describe('send dialog', () => {
  it('lists people by office, my own office first, without me', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, n, CLERK.id);
    await createFile(device, n, 'Any matter');
    await device.user.click(screen.getByRole('button', { name: n.send }));
    const dialog = await screen.findByRole('dialog');
    const groups = within(within(dialog).getByLabelText(n.sendTo)).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('label'))).toEqual([
      'Tehsil Vikasnagar',
      'Collectorate, Dehradun',
    ]);
    expect(
      within(groups[0] as HTMLElement)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Mohan Singh Negi, Kanungo — Tehsil Vikasnagar',
      'Anita Bisht, Tehsildar — Tehsil Vikasnagar',
    ]);
    await device.user.click(within(dialog).getByRole('button', { name: n.send }));
    expect(within(dialog).getByLabelText(n.sendTo)).toHaveAccessibleDescription(
      'Choose a recipient.',
    );
    await device.user.keyboard('{Escape}');
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  });
});
