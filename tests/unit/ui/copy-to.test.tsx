// Copy to (issue 17), driven as a person would: the desk assistant sends a file to the
// tehsildar with a copy to the kanungo, found by searching the Copy to list; on the same
// tablet the kanungo finds it under For information (not With me), reads it, cannot send
// it, and marks it seen, after which the list is empty and the file says who saw it.
// In English and in Hindi. The sender withdraws a copy: it leaves the file and the
// kanungo's For information list; the file, found by search, tells the kanungo who
// withdrew it, and offers no Mark seen.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile } from './steps.ts';

async function copyFlow(n: Names, lang: 'en' | 'hi') {
  const device = newDevice();
  const { user } = device;
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, 'Boundary of khasra 112');

  await user.click(screen.getByRole('button', { name: n.send }));
  const dialog = await screen.findByRole('dialog');
  await user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
  const copyTo = within(dialog).getByRole('group', { name: n.copyTo });
  // The recipient holds the file itself, so is not offered a copy.
  expect(
    within(copyTo).queryByRole('checkbox', { name: new RegExp(TEHSILDAR.name[lang]) }),
  ).toBeNull();
  // Narrowing the list by a name keeps only who matches.
  const names = () =>
    within(copyTo)
      .getAllByRole('checkbox')
      .map((b) => b.closest('label')?.textContent);
  expect(names().length).toBeGreaterThan(1);
  await user.type(within(dialog).getByLabelText(n.copySearch), KANUNGO.name[lang].split(' ')[0]!);
  expect(names()).toEqual([expect.stringContaining(KANUNGO.name[lang])]);
  await user.click(within(copyTo).getByRole('checkbox', { name: new RegExp(KANUNGO.name[lang]) }));
  expect(dialog).toHaveTextContent(KANUNGO.name[lang]);
  await user.click(within(dialog).getByRole('button', { name: n.send }));
  await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  const copies = await screen.findByRole('region', { name: n.copies });
  expect(copies).toHaveTextContent(KANUNGO.name[lang]);
  await signOutOf(device, n);

  // The kanungo: nothing with them; the file is under For information.
  await signInAs(device, n, KANUNGO.id);
  const inbox = await screen.findByRole('region', { name: n.inbox });
  await within(inbox).findByText(
    lang === 'en' ? 'Nothing is pending with you.' : hi['inbox.empty'],
  );
  await user.click(within(inbox).getByRole('tab', { name: n.forInfo }));
  const link = await within(inbox).findByRole('link', { name: number });
  expect(link.closest('tr')).toHaveTextContent(n.forInfo);
  expect(link.closest('tr')).toHaveTextContent(TEHSILDAR.name[lang]);
  await user.click(link);
  await screen.findByRole('heading', { level: 1, name: number });
  const notice = screen.getByRole('region', { name: n.forInfo });
  expect(notice).toHaveTextContent(CLERK.name[lang]);
  expect(screen.queryByRole('button', { name: n.send })).toBeNull();
  expect(screen.queryByLabelText(n.noting)).toBeNull();
  await user.click(within(notice).getByRole('button', { name: n.markSeen }));
  await expect.poll(() => within(notice).queryByRole('button', { name: n.markSeen })).toBeNull();
  expect(screen.getByRole('region', { name: n.copies })).not.toHaveTextContent(
    lang === 'en' ? 'not seen yet' : 'अभी नहीं देखा',
  );

  await user.click(screen.getByRole('link', { name: n.inbox }));
  const after = await screen.findByRole('region', { name: n.inbox });
  await user.click(within(after).getByRole('tab', { name: n.forInfo }));
  await within(after).findByText(
    lang === 'en' ? 'Nothing sent to you for information.' : hi['copy.inboxEmpty'],
  );
}

async function withdrawFlow(n: Names, lang: 'en' | 'hi') {
  const c = lang === 'en' ? en : hi;
  const device = newDevice();
  const { user } = device;
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, 'Pension of a retired patwari');
  await user.click(screen.getByRole('button', { name: n.send }));
  const dialog = await screen.findByRole('dialog');
  await user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
  const copyTo = within(dialog).getByRole('group', { name: n.copyTo });
  await user.click(within(copyTo).getByRole('checkbox', { name: new RegExp(KANUNGO.name[lang]) }));
  await user.click(within(dialog).getByRole('button', { name: n.send }));
  await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
  const copies = await screen.findByRole('region', { name: n.copies });
  const withdraw = c['copy.withdrawOne'].replace('{name}', KANUNGO.name[lang]);
  await user.click(within(copies).getByRole('button', { name: withdraw }));
  await expect.poll(() => screen.queryByRole('region', { name: n.copies })).toBeNull();
  await signOutOf(device, n);

  // The kanungo's For information list no longer has it.
  await signInAs(device, n, KANUNGO.id);
  const inbox = await screen.findByRole('region', { name: n.inbox });
  await user.click(within(inbox).getByRole('tab', { name: n.forInfo }));
  await within(inbox).findByText(c['copy.inboxEmpty']);
  expect(within(inbox).queryByRole('link', { name: number })).toBeNull();

  // What reached the tablet stays; the file says the copy was withdrawn, and by whom.
  await user.type(screen.getByRole('searchbox', { name: c['search.label'] }), number);
  const results = await screen.findByRole('region', { name: c['search.results'] });
  await user.click(await within(results).findByRole('link', { name: number }));
  await screen.findByRole('heading', { level: 1, name: number });
  const [before, after] = c['copy.withdrawnNotice']
    .replace('{name}', CLERK.name[lang])
    .split('{date}') as [string, string];
  const said = screen.getAllByRole('status').map((s) => s.textContent ?? '');
  expect(said.filter((s) => s.startsWith(before) && s.endsWith(after))).toHaveLength(1);
  expect(screen.queryByRole('region', { name: n.forInfo })).toBeNull();
  expect(screen.queryByRole('button', { name: n.markSeen })).toBeNull();
}

describe('Copy to', () => {
  it('sends a file for information to several people who may only read it and mark it seen', async () => {
    await copyFlow(EN, 'en');
  });

  it('does the same in Hindi', async () => {
    await copyFlow(HI, 'hi');
  });

  it('withdraws a copy: it leaves the file and its holder’s For information list', async () => {
    await withdrawFlow(EN, 'en');
  });

  it('withdraws a copy in Hindi', async () => {
    await withdrawFlow(HI, 'hi');
  });
});
