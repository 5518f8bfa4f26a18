// Shared steps for the component tests, by the accessible names of DESIGN.md §8.
import { expect } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import type { Names } from './names.ts';

export async function createFile(device: Device, n: Names, subject: string): Promise<string> {
  const { user } = device;
  await user.click(screen.getByRole('link', { name: n.newFile }));
  await user.type(await screen.findByLabelText(n.subject), subject);
  await user.selectOptions(screen.getByLabelText(n.category), n.landRecords);
  await user.click(screen.getByRole('button', { name: n.createFile }));
  const heading = await screen.findByRole('heading', { level: 1, name: /^VKN\// });
  await screen.findByRole('region', { name: n.noteSheet });
  return heading.textContent ?? '';
}

export async function sendTo(
  device: Device,
  n: Names,
  to: string,
  remarks = '',
  dueDate = '',
  priority = '',
) {
  const { user } = device;
  await user.click(screen.getByRole('button', { name: n.send }));
  const dialog = await screen.findByRole('dialog');
  await user.selectOptions(within(dialog).getByLabelText(n.sendTo), to);
  if (remarks) await user.type(within(dialog).getByLabelText(n.remarks), remarks);
  if (dueDate) {
    // A text field since DateField: it may show the file's due date already, as a person sees it.
    const due = within(dialog).getByLabelText(n.dueDate);
    await user.clear(due);
    await user.type(due, dueDate);
  }
  if (priority) await user.selectOptions(within(dialog).getByLabelText(n.priority), priority);
  await user.click(within(dialog).getByRole('button', { name: n.send }));
  await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
}

export function notings(n: Names): HTMLElement[] {
  return within(screen.getByRole('region', { name: n.noteSheet })).queryAllByRole('listitem');
}

export async function openFromInbox(device: Device, n: Names, number: string) {
  await device.user.click(screen.getByRole('link', { name: n.inbox }));
  const inbox = await screen.findByRole('region', { name: n.inbox });
  await device.user.click(await within(inbox).findByRole('link', { name: number }));
  await screen.findByRole('heading', { level: 1, name: number });
}

/**
 * The clerk's new file `subject`, sent to the tehsildar and open at the tehsildar's, on
 * the same tablet (the clerk signed out); returns its number.
 */
export async function fileAtTehsildar(device: Device, n: Names, subject: string): Promise<string> {
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, subject);
  await sendTo(device, n, TEHSILDAR.id);
  await signOutOf(device, n);
  await signInAs(device, n, TEHSILDAR.id);
  await openFromInbox(device, n, number);
  return number;
}

/** Diarises a letter from `from` on the Dak page; returns its diary number. */
export async function diarise(
  device: Device,
  n: Names,
  subject: string,
  from = 'SDM Vikasnagar',
): Promise<string> {
  const { user } = device;
  await user.click(screen.getByRole('link', { name: n.dak }));
  await user.type(await screen.findByLabelText(n.from), from);
  await user.type(screen.getByLabelText(n.letterNumber), '1432/Reader/2026');
  await user.type(screen.getByLabelText(n.letterDate), '2026-11-18');
  await user.type(screen.getByLabelText(n.subject), subject);
  await user.click(screen.getByRole('button', { name: n.diarise }));
  const link = await screen.findByRole('link', { name: /^(Diary number|डायरी संख्या): / });
  const match = /: (VKN\/\S+)$/.exec(link.textContent ?? '');
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

/**
 * Closes the file shown: Close file, a retention category (its option's text, or
 * its code such as `C-5`), the review date it gives unless `reviewDate`, the
 * officer who approved the closure (`approver`'s username; else the first offered
 * unless one is chosen already), confirm.
 */
export async function closeShownFile(
  device: Device,
  n: Names,
  category: string,
  reviewDate?: string,
  approver?: string,
): Promise<void> {
  const { user } = device;
  await user.click(screen.getByRole('button', { name: n.closeFile }));
  const ask = await screen.findByRole('alertdialog');
  const select = within(ask).getByLabelText(n.retentionCategory);
  const option = within(select)
    .getAllByRole('option')
    .find((o) => (o as HTMLOptionElement).value === category || o.textContent === category);
  if (option === undefined) throw new Error(`no retention category ${category}`);
  await user.selectOptions(select, option);
  if (reviewDate !== undefined) {
    const date = within(ask).getByLabelText(n.reviewDate);
    await user.clear(date);
    await user.type(date, reviewDate);
  }
  const approvers = within(ask).getByLabelText<HTMLSelectElement>(n.closureApprover);
  if (approver !== undefined) await user.selectOptions(approvers, approver);
  else if (approvers.value === '') {
    const first = within(approvers)
      .getAllByRole('option')
      .find((o) => (o as HTMLOptionElement).value !== '');
    if (first === undefined) throw new Error('no closure approver offered');
    await user.selectOptions(approvers, first);
  }
  await user.click(within(ask).getByRole('button', { name: n.closeConfirm }));
  await screen.findByRole('button', { name: n.reopen });
}
