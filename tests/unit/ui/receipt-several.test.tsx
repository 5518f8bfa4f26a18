// A receipt sent to several people (issue 17, decision 0009), driven as a person would:
// the desk assistant diarises a letter and sends the receipt to the tehsildar, also to
// the kanungo; the kanungo gets a receipt of their own (its own diary number, the same
// letter, "Copy of" the original) to act on, the tehsildar the original, which lists
// the copy made. In English and in Hindi.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { diarise } from './steps.ts';

const TEXT = {
  en: { alsoTo: 'Also send to (each gets their own copy)', copyOf: 'Copy of', made: 'Copies made' },
  hi: { alsoTo: hi['copy.alsoTo'], copyOf: 'की प्रति', made: hi['copy.copiesMade'] },
};

async function severalRecipients(n: Names, lang: 'en' | 'hi') {
  const text = TEXT[lang];
  const device = newDevice();
  const { user } = device;
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  const diary = await diarise(device, n, 'Flood relief for Sabhawala');
  await user.click(
    await within(await screen.findByRole('table')).findByRole('link', { name: diary }),
  );
  await screen.findByRole('heading', { level: 1, name: diary });
  await user.click(screen.getByRole('button', { name: n.send }));
  const dialog = await screen.findByRole('dialog');
  await user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
  const also = within(dialog).getByRole('group', { name: text.alsoTo });
  await user.click(within(also).getByRole('checkbox', { name: new RegExp(KANUNGO.name[lang]) }));
  await user.click(within(dialog).getByRole('button', { name: n.send }));
  await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  const made = await screen.findByRole('region', { name: text.made });
  const copyLink = within(made).getByRole('link', { name: new RegExp(KANUNGO.name[lang]) });
  const copyNumber = (copyLink.textContent ?? '').split(' — ')[0] ?? '';
  expect(copyNumber).toMatch(/^VKN\//);
  expect(copyNumber).not.toBe(diary);
  await signOutOf(device, n);

  // The kanungo has a receipt of their own to act on: its own number, the same letter.
  await signInAs(device, n, KANUNGO.id);
  const inbox = await screen.findByRole('region', { name: n.inbox });
  await user.click(await within(inbox).findByRole('link', { name: copyNumber }));
  await screen.findByRole('heading', { level: 1, name: copyNumber });
  expect(screen.getByRole('link', { name: new RegExp(text.copyOf) })).toHaveTextContent(diary);
  expect(document.body).toHaveTextContent('SDM Vikasnagar');
  expect(screen.getByRole('button', { name: n.send })).toBeInTheDocument();
  await signOutOf(device, n);

  // The tehsildar has the original, not the copy.
  await signInAs(device, n, TEHSILDAR.id);
  const theirs = await screen.findByRole('region', { name: n.inbox });
  await within(theirs).findByRole('link', { name: diary });
  expect(within(theirs).queryByRole('link', { name: copyNumber })).toBeNull();
}

describe('a receipt sent to several people', () => {
  it('gives each their own copy to act on', async () => {
    await severalRecipients(EN, 'en');
  });

  it('does the same in Hindi', async () => {
    await severalRecipients(HI, 'hi');
  });
});
