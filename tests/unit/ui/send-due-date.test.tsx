// A due date in the past (a new user's report): one the sender types in the
// send dialog before today is refused beside the field, in Hindi and English,
// and nothing is sent; a file already overdue is still sent on with the due date
// it came with; today and later dates are sent. Today is India's, as overdue is
// reckoned, whatever zone the clock is kept in.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

// The harness's clock starts on 20 Nov 2026, 10:00 in India.

const MOVEMENT = new RegExp(`^(${en['file.movement']}|${hi['file.movement']})$`);

/** Each language, its names and its catalog. */
const LANGS = [
  ['en', EN, en],
  ['hi', HI, hi],
] as const;

const movement = () => within(screen.getByRole('region', { name: MOVEMENT }));

/** The movement history's stays, one per desk the file has been at. */
const stays = () => movement().getAllByRole('listitem');

/** A new file of the clerk's, its send dialog open with the tehsildar chosen. */
async function newFileToSend(device: Device, n: Names, subject: string) {
  await signInAs(device, n, CLERK.id);
  await createFile(device, n, subject);
  return openSend(device, n, TEHSILDAR.id);
}

/** On a new tablet in `lang`, the clerk's new file, its send dialog open to the tehsildar. */
async function sendingIn(lang: 'en' | 'hi', n: Names) {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  return { device, dialog: await newFileToSend(device, n, 'Encroachment on village pasture') };
}

async function openSend(device: Device, n: Names, to: string) {
  await device.user.click(screen.getByRole('button', { name: n.send }));
  const dialog = await screen.findByRole('dialog');
  await device.user.selectOptions(within(dialog).getByLabelText(n.sendTo), to);
  return dialog;
}

async function typeDueDate(device: Device, dialog: HTMLElement, n: Names, date: string) {
  const due = within(dialog).getByLabelText(n.dueDate);
  await device.user.clear(due);
  await device.user.type(due, date);
  return due;
}

/** Types `date` as the due date and presses Send; the due date field. */
async function sendDue(device: Device, dialog: HTMLElement, n: Names, date: string) {
  const due = await typeDueDate(device, dialog, n, date);
  await device.user.click(within(dialog).getByRole('button', { name: n.send }));
  return due;
}

/** The dialog closed and the file moved on: `count` stays in its history. */
async function sent(count: number) {
  await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  await expect.poll(() => stays()).toHaveLength(count);
}

/** A file the clerk sent due 23 Nov, open at the tehsildar's on 25 Nov: overdue. */
async function overdueAtTehsildar(subject: string): Promise<Device> {
  const device = newDevice();
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  const number = await createFile(device, EN, subject);
  await sendTo(device, EN, TEHSILDAR.id, 'Please decide', '23-11-2026');
  await signOutOf(device, EN);
  device.clock.now += 5 * DAY;
  await signInAs(device, EN, TEHSILDAR.id);
  await openFromInbox(device, EN, number);
  return device;
}

describe('a due date in the send dialog', () => {
  it.each([
    ['en', EN, en['send.dueDatePast']],
    ['hi', HI, hi['send.dueDatePast']],
  ] as const)(
    'before today is refused and nothing is sent; today is sent (%s)',
    async (lang, n, said) => {
      const { device, dialog } = await sendingIn(lang, n);
      const due = await sendDue(device, dialog, n, '19-11-2026');

      // Said beside the field, which it describes, read once as Send takes the person there
      // (not also as an alert); the dialog stays and the file is not sent.
      expect(due).toHaveFocus();
      expect(due).toHaveAccessibleDescription(said);
      expect(within(dialog).getByText(said)).toBeVisible();
      expect(within(dialog).queryByRole('alert')).toBeNull();
      expect(screen.getByRole('dialog')).toBeInTheDocument();
      expect(stays()).toHaveLength(1);

      // Today is no past date: the message goes once the date is changed, and the file is sent.
      await typeDueDate(device, dialog, n, '20-11-2026');
      expect(within(dialog).queryByText(said)).toBeNull();
      await device.user.click(within(dialog).getByRole('button', { name: n.send }));
      await sent(2);
    },
  );

  it("takes today as India's: after midnight there, yesterday is refused while it is still that day in UTC", async () => {
    const device = newDevice();
    // 21 Nov, 00:30 in India: 20 Nov, 19:00 UTC, still the 20th by a clock kept in UTC.
    device.clock.now = Date.UTC(2026, 10, 20, 19, 0);
    device.mount({ search: '?lang=en' });
    const dialog = await newFileToSend(device, EN, 'Night patrol roster');
    const due = await sendDue(device, dialog, EN, '20-11-2026');
    expect(due).toHaveAccessibleDescription(en['send.dueDatePast']);
    expect(stays()).toHaveLength(1);

    await sendDue(device, dialog, EN, '21-11-2026');
    await sent(2);
  });

  it('sends a later date', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Survey of river bank');
    await sendTo(device, EN, TEHSILDAR.id, '', '21-11-2026');
    await expect.poll(() => stays()).toHaveLength(2);
    expect(movement().getByText('Due date: 21 Nov 2026')).toBeInTheDocument();
  });

  it('sends an overdue file on with the due date it came with, but not with another past one', async () => {
    const device = await overdueAtTehsildar('Compensation for landslide, Kalsi');
    const dialog = await openSend(device, EN, KANUNGO.id);

    // Another past date is the sender's own: refused.
    const due = await sendDue(device, dialog, EN, '24-11-2026');
    expect(due).toHaveAccessibleDescription(en['send.dueDatePast']);
    expect(stays()).toHaveLength(2);

    // The date the file came with is sent on as it is.
    await sendDue(device, dialog, EN, '23-11-2026');
    await sent(3);
    expect(movement().getAllByText('Due date: 23 Nov 2026')).toHaveLength(2);
  });

  it('sends an overdue file on untouched', async () => {
    const device = await overdueAtTehsildar('Road cut near school, Sahiya');
    // The send step leaves the prefilled due date as it is when given none.
    await sendTo(device, EN, KANUNGO.id);
    await expect.poll(() => stays()).toHaveLength(3);
    expect(movement().getAllByText('Due date: 23 Nov 2026')).toHaveLength(2);
  });
});

/** A live region's text, announced as it appears whatever is focused. */
const LIVE = '[role="alert"], [role="status"], [aria-live="assertive"], [aria-live="polite"]';

/**
 * The texts that appeared in a live region within `root` while `act` ran: each one a
 * screen reader announced then, besides what it read of the field focus moved to.
 */
async function announcedDuring(root: HTMLElement, act: () => Promise<unknown>) {
  const said: string[] = [];
  const note = (records: MutationRecord[]) => {
    for (const record of records) {
      const nodes = record.type === 'childList' ? [...record.addedNodes] : [record.target];
      for (const node of nodes) {
        const element = node instanceof Element ? node : node.parentElement;
        if (element?.closest(LIVE) && node.textContent) said.push(node.textContent);
      }
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['role', 'aria-live'],
  });
  try {
    await act();
  } finally {
    note(observer.takeRecords());
    observer.disconnect();
  }
  return said;
}

describe('a date that is none, when Send takes the person back to it', () => {
  it.each(LANGS)(
    'is read once, as the field’s description, not also announced as it appears (%s)',
    async (lang, n, t) => {
      const { device, dialog } = await sendingIn(lang, n);
      const wrong = t['date.wrong'].replace('{text}', '31-02-2027');

      // Tapping Send leaves the field (it says then that it holds no date) and Send brings the
      // person back to it: its message was an alert as well as the description read there.
      const said = await announcedDuring(dialog, () => sendDue(device, dialog, n, '31-02-2027'));
      const due = within(dialog).getByLabelText(n.dueDate);
      expect(due).toHaveFocus();
      expect(due).toHaveAttribute('aria-invalid', 'true');
      expect(due).toHaveAccessibleDescription(wrong);
      expect(said).toEqual([]);
      expect(within(dialog).queryByRole('alert')).toBeNull();
      expect(stays()).toHaveLength(1);

      // Leaving it for another field, the person is told there and then, once.
      await device.user.clear(due);
      await device.user.type(due, '30-02-2027');
      const left = await announcedDuring(dialog, () =>
        device.user.click(within(dialog).getByLabelText(n.remarks)),
      );
      expect(left).toEqual([t['date.wrong'].replace('{text}', '30-02-2027')]);
    },
  );

  it.each(LANGS)(
    'sent with Enter from the field, a past date is announced once (%s)',
    async (lang, n, t) => {
      // Send "took" the person to the field they were already in: nothing was said.
      const { device, dialog } = await sendingIn(lang, n);
      const due = within(dialog).getByLabelText(n.dueDate);
      await device.user.clear(due);
      const said = await announcedDuring(dialog, () => device.user.type(due, '19-11-2026{Enter}'));
      expect(due).toHaveFocus();
      expect(due).toHaveAccessibleDescription(t['send.dueDatePast']);
      expect(said).toEqual([t['send.dueDatePast']]);
      expect(stays()).toHaveLength(1);
    },
  );
});

/** The clerk's new file `subject`, its send dialog open with no one chosen yet. */
async function clerkSendDialog(lang: 'en' | 'hi', n: Names, subject: string) {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  await createFile(device, n, subject);
  await device.user.click(screen.getByRole('button', { name: n.send }));
  return { device, dialog: await screen.findByRole('dialog') };
}

describe('the send dialog with more than one thing wrong', () => {
  it.each(LANGS)(
    'says every one at once, each beside its field, and focuses the first (%s)',
    async (lang, n, t) => {
      // It said only "Choose a recipient"; the past date was refused at the next Send.
      const { device, dialog } = await clerkSendDialog(lang, n, 'Encroachment on village pasture');
      const due = await sendDue(device, dialog, n, '19-11-2026');

      const to = within(dialog).getByLabelText(n.sendTo);
      // Each is said once: the focused field's as its description, the other as an alert.
      const [other, ...more] = within(dialog).getAllByRole('alert');
      expect(more).toHaveLength(0);
      expect(other).toHaveTextContent(t['send.dueDatePast']);
      expect(to).toHaveAttribute('aria-invalid', 'true');
      expect(to).toHaveAccessibleDescription(t['send.recipientRequired']);
      expect(due).toHaveAttribute('aria-invalid', 'true');
      expect(due).toHaveAttribute('aria-describedby', other?.id);
      expect(to).toHaveFocus();
      expect(stays()).toHaveLength(1);

      // Each goes once its field is answered; the other stays, and is then the first.
      await device.user.selectOptions(to, TEHSILDAR.id);
      expect(to).not.toHaveAttribute('aria-invalid');
      expect(within(dialog).getByRole('alert')).toHaveTextContent(t['send.dueDatePast']);
      await device.user.click(within(dialog).getByRole('button', { name: n.send }));
      expect(due).toHaveFocus();
      expect(due).toHaveAccessibleDescription(t['send.dueDatePast']);
      await sendDue(device, dialog, n, '20-11-2026');
      await sent(2);
    },
  );

  it('says a date that is none beside a missing recipient, and keeps saying it in its field', async () => {
    const { device, dialog } = await clerkSendDialog('en', EN, 'Boundary survey, village Dhakrani');
    const due = await sendDue(device, dialog, EN, '31-02-2027');
    const alerts = within(dialog).getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      expect.stringContaining('"31-02-2027" is not a date.'),
    ]);
    expect(within(dialog).getByLabelText(EN.sendTo)).toHaveFocus();
    expect(within(dialog).getByLabelText(EN.sendTo)).toHaveAccessibleDescription(
      en['send.recipientRequired'],
    );

    // With the recipient chosen, Send takes the person to the date, still said wrong there:
    // as its description, no longer also an alert.
    await device.user.selectOptions(within(dialog).getByLabelText(EN.sendTo), TEHSILDAR.id);
    await device.user.click(within(dialog).getByRole('button', { name: EN.send }));
    expect(due).toHaveFocus();
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(due).toHaveAccessibleDescription(expect.stringContaining('"31-02-2027" is not a date.'));
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(stays()).toHaveLength(1);
  });
});
