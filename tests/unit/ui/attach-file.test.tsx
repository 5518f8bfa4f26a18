// A file attached under another (issue 17): on a file I hold, Attach file offers the other
// files I hold; the attached file is shown under the main one and says it moves with it
// (it has no Send of its own); sending the main file takes it to the same person, whose
// inbox lists both; the holder detaches it. Hindi and English.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

const TEXT = {
  en: {
    heading: 'Attached files',
    button: 'Attach file',
    one: (n: string) => `Attach ${n} under this file`,
    under: (n: string) => `Attached under ${n}: it moves with that file.`,
    detach: (n: string) => `Detach ${n}`,
    empty: 'No files attached.',
    rowUnder: (n: string) => `attached under ${n}`,
  },
  hi: {
    heading: hi['attachFile.heading'],
    button: hi['attachFile.button'],
    one: (n: string) => `${n} इस पत्रावली के नीचे संलग्न करें`,
    under: (n: string) => `${n} के नीचे संलग्न: यह उसी पत्रावली के साथ चलती है।`,
    detach: (n: string) => `${n} अलग करें`,
    empty: hi['attachFile.empty'],
    rowUnder: (n: string) => `${n} के नीचे संलग्न`,
  },
} as const;

/** `between`: a file made after the main file and before the one attached under it. */
async function attachOne(device: Device, n: Names, lang: 'en' | 'hi', between?: string) {
  const { user } = device;
  const x = TEXT[lang];
  await signInAs(device, n, CLERK.id);
  const main = await createFile(device, n, lang === 'en' ? 'Appeal on khata 14' : 'खाता 14 अपील');
  const third = between === undefined ? null : await createFile(device, n, between);
  const under = await createFile(device, n, lang === 'en' ? 'Mutation of khata 14' : 'नामांतरण');
  await openFromInbox(device, n, main);
  const region = screen.getByRole('region', { name: x.heading });
  expect(within(region).getByText(x.empty)).toBeInTheDocument();
  await user.click(within(region).getByRole('button', { name: x.button }));
  const list = await within(region).findByRole('list', { name: x.button });
  await user.click(await within(list).findByRole('button', { name: x.one(under) }));
  expect(await within(region).findByRole('link', { name: under })).toBeInTheDocument();
  // The list closed with the button tapped: focus is back on Attach file.
  expect(within(region).getByRole('button', { name: x.button })).toHaveFocus();
  return { main, under, third, region };
}

describe('a file attached under another', () => {
  it('moves with the main file to the same person', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    const { main, under, region } = await attachOne(device, EN, 'en');

    // The attached file says so and is not sent on by itself.
    await user.click(within(region).getByRole('link', { name: under }));
    await screen.findByRole('heading', { level: 1, name: under });
    expect(await screen.findByRole('link', { name: TEXT.en.under(main) })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: EN.send })).toBeNull();
    await user.click(screen.getByRole('link', { name: TEXT.en.under(main) }));
    await screen.findByRole('heading', { level: 1, name: main });

    await sendTo(device, EN, TEHSILDAR.id);
    await signOutOf(device, EN);
    await signInAs(device, EN, TEHSILDAR.id);
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    expect(await within(inbox).findByRole('link', { name: main })).toBeInTheDocument();
    expect(await within(inbox).findByRole('link', { name: under })).toBeInTheDocument();
    await openFromInbox(device, EN, main);
    const theirs = screen.getByRole('region', { name: TEXT.en.heading });
    // The holder now detaches it: it moves on its own again.
    await user.click(within(theirs).getByRole('button', { name: TEXT.en.detach(under) }));
    expect(await within(theirs).findByText(TEXT.en.empty)).toBeInTheDocument();
    // Not lost with the detached row's button: on the region's heading.
    expect(within(theirs).getByRole('heading', { name: TEXT.en.heading })).toHaveFocus();
    await openFromInbox(device, EN, under);
    expect(await screen.findByRole('button', { name: EN.send })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: TEXT.en.under(main) })).toBeNull();
  });

  it('nests the attached file under its main one in the inbox, and offers neither for attaching', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    const made = await attachOne(device, EN, 'en', 'Encroachment on path');
    const { main, under } = made;
    const third = made.third ?? '';

    await user.click(screen.getByRole('link', { name: EN.inbox }));
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    await within(inbox).findByRole('link', { name: third });
    // Made after the third file, the attached file's row still comes right after its main file's.
    const numbers = within(inbox)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('link')[0]?.textContent);
    expect(numbers).toEqual([main, under, third]);
    const row = within(inbox).getByRole('link', { name: under }).closest('tr');
    expect(row).toHaveTextContent(TEXT.en.rowUnder(main));

    // On the third file, Attach file offers neither: one is attached, the other has one under it.
    await openFromInbox(device, EN, third);
    const region = screen.getByRole('region', { name: TEXT.en.heading });
    await user.click(within(region).getByRole('button', { name: TEXT.en.button }));
    expect(
      await within(region).findByText('No other file with you can be attached.'),
    ).toBeVisible();
    expect(within(region).queryByRole('button', { name: TEXT.en.one(main) })).toBeNull();
    expect(within(region).queryByRole('button', { name: TEXT.en.one(under) })).toBeNull();
  });

  it('speaks Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    const { main, under } = await attachOne(device, HI, 'hi');
    await device.user.click(screen.getByRole('link', { name: HI.inbox }));
    const inbox = await screen.findByRole('region', { name: HI.inbox });
    const row = (await within(inbox).findByRole('link', { name: under })).closest('tr');
    expect(row).toHaveTextContent(TEXT.hi.rowUnder(main));
    await device.user.click(within(inbox).getByRole('link', { name: under }));
    expect(await screen.findByRole('link', { name: TEXT.hi.under(main) })).toBeInTheDocument();
  });
});
