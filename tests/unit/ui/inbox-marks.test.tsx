// Reading the inbox at a desk (issue 12): a tap anywhere on a row opens the
// record; urgent and overdue records are marked and can come first; a file sent
// on keeps its priority and due date unless the sender changes them.
import { describe, expect, it } from 'vitest';
import { CLERK, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

/** The inbox's rows as the person reads them, header left out. */
async function inboxRows(n: Names): Promise<HTMLElement[]> {
  const region = await screen.findByRole('region', { name: n.inbox });
  return within(region).queryAllByRole('row').slice(1);
}

async function rowTexts(n: Names): Promise<string[]> {
  return (await inboxRows(n)).map((r) => r.textContent ?? '');
}

async function handTo(device: Device, n: Names, who: string): Promise<void> {
  await signOutOf(device, n);
  await signInAs(device, n, who);
}

describe('the inbox at a desk', () => {
  it('marks urgent and overdue files, puts them first on request (remembered), and opens a row tapped on its subject', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Mutation of khasra 12');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += DAY;
    await createFile(device, EN, 'Relief after cloudburst');
    await sendTo(device, EN, TEHSILDAR.id, '', '', 'urgent');
    device.clock.now += DAY;
    const late = await createFile(device, EN, 'RTI reply, Sabhawala');
    await sendTo(device, EN, TEHSILDAR.id, '', '2026-11-23');
    device.clock.now += 2 * DAY; // 24 Nov: the RTI reply was due yesterday
    await handTo(device, EN, TEHSILDAR.id);

    await expect.poll(() => rowTexts(EN)).toHaveLength(3);
    const [first, second, third] = await rowTexts(EN);
    expect(first).toContain('Mutation of khasra 12');
    expect(first).not.toMatch(/Urgent|Overdue/);
    expect(second).toContain('Relief after cloudburst');
    expect(second).toContain('Urgent');
    expect(third).toContain('RTI reply, Sabhawala');
    expect(third).toContain('Overdue');

    await device.user.selectOptions(screen.getByLabelText('Order'), 'Urgent and overdue first');
    await expect
      .poll(() => rowTexts(EN))
      .toEqual([
        expect.stringContaining('Relief after cloudburst'),
        expect.stringContaining('RTI reply, Sabhawala'),
        expect.stringContaining('Mutation of khasra 12'),
      ]);

    // A reload keeps the order chosen.
    device.mount({ search: '?lang=en' });
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('Relief after cloudburst');
    expect(screen.getByLabelText('Order')).toHaveDisplayValue('Urgent and overdue first');

    // Tapping the subject, not the number, opens the file.
    const row = (await inboxRows(EN)).find((r) => r.textContent?.includes('RTI reply'));
    await device.user.click(within(row as HTMLElement).getByText('RTI reply, Sabhawala'));
    await screen.findByRole('heading', { level: 1, name: late });
  });
});

/** The clerk sends a new file to the tehsildar, who opens its send dialog; returns its number. */
async function tehsildarSendsOn(device: Device, subject: string, priority: string) {
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  const number = await createFile(device, EN, subject);
  await sendTo(device, EN, TEHSILDAR.id, 'Please decide', '2026-11-30', priority);
  await handTo(device, EN, TEHSILDAR.id);
  await openFromInbox(device, EN, number);
  await device.user.click(screen.getByRole('button', { name: EN.send }));
  return { number, dialog: await screen.findByRole('dialog') };
}

describe('sending a file on', () => {
  it('keeps its priority and due date unless the sender changes them', async () => {
    const device = newDevice();
    const { number, dialog } = await tehsildarSendsOn(device, 'Flood relief, Kalsi', 'mostUrgent');
    expect(within(dialog).getByLabelText(EN.priority)).toHaveDisplayValue('Most urgent');
    expect(within(dialog).getByLabelText(EN.dueDate)).toHaveValue('30-11-2026');
    await device.user.selectOptions(within(dialog).getByLabelText(EN.sendTo), KANUNGO.id);
    await device.user.click(within(dialog).getByRole('button', { name: EN.send }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();

    await handTo(device, EN, KANUNGO.id);
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('Most urgent');
    await openFromInbox(device, EN, number);
    // Both sends in the movement history carry the due date: the tehsildar's kept it.
    const movement = screen.getByRole('region', { name: 'Movement history' });
    expect(within(movement).getAllByText('Due date: 30 Nov 2026')).toHaveLength(2);
  });

  it('sends it on as normal, with no due date, when the sender clears them', async () => {
    const device = newDevice();
    const { dialog } = await tehsildarSendsOn(device, 'Boundary wall, Herbertpur', 'urgent');
    await device.user.selectOptions(within(dialog).getByLabelText(EN.sendTo), KANUNGO.id);
    await device.user.clear(within(dialog).getByLabelText(EN.dueDate));
    await device.user.selectOptions(within(dialog).getByLabelText(EN.priority), 'normal');
    await device.user.click(within(dialog).getByRole('button', { name: EN.send }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();

    await handTo(device, EN, KANUNGO.id);
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('Boundary wall');
    expect((await rowTexts(EN))[0]).not.toContain('Urgent');
  });
});
