// Volumes (issue 17): the holder of a file closes its volume with Close volume (asked
// first); the number shown carries the volume (heading, inbox, printed sheet), the note
// sheet shows Volume I closed and read-only above the current volume, and paragraph
// numbers run on across them. An empty volume is not closed again. Once closed, focus is
// on the new volume's heading. English and Hindi.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

async function closeVolumeFlow(n: Names, lang: 'en' | 'hi') {
  const c = lang === 'en' ? en : hi;
  // The accessible name keeps the no-break space inside the brackets; text content reads it as a space.
  const vol2 = (number: string) =>
    c['volume.number'].replace('{number}', number).replace('{volume}', 'II');
  const vol2Text = (number: string) => vol2(number).replace(/\s/g, ' ');
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  const { user } = device;
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, lang === 'en' ? 'Pension case' : 'पेंशन प्रकरण');
  // Nothing written yet: no volume to close.
  expect(screen.queryByRole('button', { name: c['volume.close'] })).toBeNull();
  await user.type(screen.getByLabelText(n.noting), 'Paragraph one.');
  await sendTo(device, n, TEHSILDAR.id);
  // Sent on: closing the volume is the holder's.
  expect(screen.queryByRole('button', { name: c['volume.close'] })).toBeNull();
  await signOutOf(device, n);

  await signInAs(device, n, TEHSILDAR.id);
  await openFromInbox(device, n, number);
  const closeButton = screen.getByRole('button', { name: c['volume.close'] });
  await user.click(closeButton);
  const question = c['volume.question'].replace('{volume}', 'I').replace('{next}', 'II');
  const confirmName = c['volume.confirm'].replace('{volume}', 'I');
  // The question takes focus and is what the confirm button (and its group) is described by,
  // so a screen reader says what closing means; Cancel and Escape give focus back.
  const asked = async () => {
    const group = screen.getByRole('group', { name: c['volume.close'] });
    expect(group).toHaveAccessibleDescription(question);
    expect(group).toContainElement(document.activeElement as HTMLElement);
    expect(screen.getByRole('button', { name: confirmName })).toHaveAccessibleDescription(question);
    return group;
  };
  const group = await asked();
  await user.click(within(group).getByRole('button', { name: c['volume.cancel'] }));
  expect(screen.queryByText(question)).toBeNull();
  expect(closeButton).toHaveFocus();
  await user.click(closeButton);
  await asked();
  await user.keyboard('{Escape}');
  expect(screen.queryByText(question)).toBeNull();
  expect(closeButton).toHaveFocus();
  await user.click(closeButton);
  await asked();
  expect(screen.getByText(question)).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: confirmName }));

  await screen.findByRole('heading', { level: 1, name: vol2(number) });
  // Close volume is gone (the new volume is empty): focus is on the new volume's heading.
  const newVolume = c['volume.current'].replace('{volume}', 'II');
  await expect.poll(() => document.activeElement?.textContent).toBe(newVolume);
  expect(screen.getByRole('heading', { level: 3, name: newVolume })).toHaveFocus();
  const sheet = screen.getByRole('region', { name: n.noteSheet });
  const first = within(sheet).getByRole('region', {
    name: c['volume.heading'].replace('{volume}', 'I'),
  });
  expect(first).toHaveTextContent(n.para(1));
  expect(first).toHaveTextContent('Paragraph one.');
  expect(first).toHaveTextContent(TEHSILDAR.name[lang]);
  const current = within(sheet).getByRole('region', {
    name: c['volume.current'].replace('{volume}', 'II'),
  });
  expect(current).toHaveTextContent(c['volume.empty']);
  // The new volume is empty: it is not closed again.
  expect(screen.queryByRole('button', { name: c['volume.close'] })).toBeNull();

  await user.type(screen.getByLabelText(n.noting), 'Paragraph two.');
  await sendTo(device, n, CLERK.id);
  await expect.poll(() => within(current).queryAllByRole('listitem').length).toBe(1);
  expect(within(current).getByRole('listitem')).toHaveTextContent(n.para(2));
  expect(within(first).getAllByRole('listitem')).toHaveLength(1);

  // Printed: the number with its volume, each volume's line above its first paragraph.
  window.dispatchEvent(new Event('beforeprint'));
  const paper = document.querySelector('.note-sheet-paper');
  expect(paper).not.toBeNull();
  expect(paper).toHaveTextContent(vol2Text(number));
  const lines = [...(paper?.querySelectorAll('.paper-volume') ?? [])].map((p) => p.textContent);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain(c['volume.heading'].replace('{volume}', 'I'));
  expect(lines[1]).toBe(c['volume.current'].replace('{volume}', 'II'));
  window.dispatchEvent(new Event('afterprint'));
  await signOutOf(device, n);

  // The desk assistant's inbox shows the number with its volume.
  await signInAs(device, n, CLERK.id);
  const inbox = await screen.findByRole('region', { name: n.inbox });
  await within(inbox).findByRole('link', { name: vol2(number) });
}

describe('Close volume', () => {
  it('closes volume I and continues the file in volume II (English)', async () => {
    await closeVolumeFlow(EN, 'en');
  });
  it('speaks Hindi', async () => {
    await closeVolumeFlow(HI, 'hi');
  });
});
