// Dates as offices write them (issue 17): a date field reads and takes
// day-month-year in both languages, not the browser's own mm/dd/yyyy, and text
// that is no date is said so and sends nothing.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

describe('a date field', () => {
  it('in Hindi, takes and shows the due date day-month-year; a date that is none is said so and not sent', async () => {
    const device = newDevice();
    const { user } = device;
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const number = await createFile(device, HI, 'भूमि सीमांकन, ग्राम ढकरानी');
    await sendTo(device, HI, TEHSILDAR.id, '', '30/11/2026');
    await signOutOf(device, HI);
    await signInAs(device, HI, TEHSILDAR.id);
    await openFromInbox(device, HI, number);
    const movement = screen.getByRole('region', { name: hi['file.movement'] });
    expect(within(movement).getByText(/^नियत तिथि: /).textContent).toMatch(/30.*2026/);

    // Sending it on: the date kept is shown day-month-year, with its calendar beside it.
    await user.click(screen.getByRole('button', { name: HI.send }));
    const dialog = await screen.findByRole('dialog');
    const due = within(dialog).getByLabelText(HI.dueDate);
    expect(due).toHaveValue('30-11-2026');
    expect(due).toHaveAttribute('placeholder', 'दिन-माह-वर्ष');
    expect(within(dialog).getByRole('button', { name: hi['date.calendar'] })).toBeEnabled();

    // 31 February is no date: said so once the person leaves the field, and nothing is sent.
    await user.selectOptions(within(dialog).getByLabelText(HI.sendTo), CLERK.id);
    await user.clear(due);
    await user.type(due, '31-02-2027');
    await user.click(within(dialog).getByLabelText(HI.remarks));
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      '"31-02-2027" तिथि नहीं है। दिन-माह-वर्ष लिखें, जैसे 18-11-2026।',
    );
    await user.click(within(dialog).getByRole('button', { name: HI.send }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    // Written the way offices do, without separators: taken, and shown with them.
    await user.clear(due);
    await user.type(due, '05122026');
    await user.click(within(dialog).getByLabelText(HI.remarks));
    expect(due).toHaveValue('05-12-2026');
    expect(due).not.toHaveAttribute('aria-invalid');
    await user.click(within(dialog).getByRole('button', { name: HI.send }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    await expect
      .poll(() =>
        within(movement)
          .queryAllByText(/^नियत तिथि: /)
          .map((e) => e.textContent),
      )
      .toEqual([expect.stringMatching(/30.*2026/), expect.stringMatching(/5.*दिस.*2026/)]);
  });

  it('says a date that is none is wrong when the form is sent with Enter from the field', async () => {
    const device = newDevice();
    const { user } = device;
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Boundary survey, village Dhakrani');
    await user.click(screen.getByRole('button', { name: EN.send }));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText(EN.sendTo), TEHSILDAR.id);
    const due = within(dialog).getByLabelText(EN.dueDate);
    await user.type(due, '31-02-2027{Enter}');
    // Still in the field, yet told why nothing was sent.
    expect(due).toHaveFocus();
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('"31-02-2027" is not a date.');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    // Typing again is editing again: the message waits until the person is done.
    await user.type(due, '{Backspace}');
    expect(due).not.toHaveAttribute('aria-invalid');
    await user.clear(due);
    await user.type(due, '28-02-2027{Enter}');
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  });
});
