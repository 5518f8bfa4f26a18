// Saved groups of recipients (issue 17): an office's groups from the directory are
// offered above Copy to; a tap ticks every member who may be picked (not the person the
// file goes to), and the copies go to them. English and Hindi. Groups made in the app
// (decision 0014): the people chosen are saved as a group, offered in the next send like
// the directory's, renamed, given new members and deleted, all on a tablet with no server
// (each change waits in the outbox, signed, to sync later).
import { describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, DIRECTORY, DM, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile } from './steps.ts';

const GROUP = { hi: 'राजस्व कर्मचारी', en: 'Revenue staff' };
const WITH_GROUP: Directory = {
  ...DIRECTORY,
  offices: DIRECTORY.offices.map((o) =>
    o.id === CLERK.office
      ? { ...o, recipientGroups: [{ name: GROUP, members: [KANUNGO.id, TEHSILDAR.id] }] }
      : o,
  ),
};

describe('saved groups of recipients', () => {
  it.each([
    ['English', 'en', EN, en],
    ['Hindi', 'hi', HI, hi],
  ] as const)('tick their members in Copy to in one tap (%s)', async (_, lang, n, cat) => {
    const device = newDevice({ directory: WITH_GROUP });
    const { user } = device;
    device.mount({ search: `?lang=${lang}` });
    await signInAs(device, n, CLERK.id);
    await createFile(device, n, 'Boundary of khasra 112');
    await user.click(screen.getByRole('button', { name: n.send }));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
    const saved = within(dialog).getByRole('group', { name: cat['copy.savedGroups'] });
    await user.click(
      within(saved).getByRole('button', {
        name: cat['copy.addGroup'].replace('{group}', GROUP[lang]),
      }),
    );
    const copyTo = within(dialog).getByRole('group', { name: n.copyTo });
    const ticked = within(copyTo)
      .getAllByRole('checkbox')
      .filter((b) => (b as HTMLInputElement).checked)
      .map((b) => (b as HTMLInputElement).value);
    expect(ticked).toEqual([KANUNGO.id]);
    await user.click(within(dialog).getByRole('button', { name: n.send }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByRole('region', { name: n.copies })).toHaveTextContent(
      KANUNGO.name[lang],
    );
  });

  it.each([
    ['English', 'en', EN, en],
    ['Hindi', 'hi', HI, hi],
  ] as const)(
    'are made from the people chosen, used, changed and deleted (%s)',
    async (_, lang, n, cat) => {
      const device = newDevice();
      const { user } = device;
      device.mount({ search: `?lang=${lang}` });
      await signInAs(device, n, CLERK.id);
      await createFile(device, n, 'Boundary of khasra 112');
      await user.click(screen.getByRole('button', { name: n.send }));
      let dialog = await screen.findByRole('dialog');
      await user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
      const copyTo = () =>
        within(screen.getByRole('dialog')).getByRole('group', { name: n.copyTo });
      const box = (id: string) =>
        within(copyTo())
          .getAllByRole('checkbox')
          .find((b) => (b as HTMLInputElement).value === id) as HTMLInputElement;
      const ticked = () =>
        within(copyTo())
          .getAllByRole('checkbox')
          .filter((b) => (b as HTMLInputElement).checked)
          .map((b) => (b as HTMLInputElement).value);
      // No groups yet: nothing offered, and nothing to save until someone is chosen.
      expect(within(dialog).queryByRole('group', { name: cat['copy.savedGroups'] })).toBeNull();
      expect(within(dialog).queryByRole('button', { name: cat['groups.saveAs'] })).toBeNull();
      await user.click(box(KANUNGO.id));
      await user.click(within(dialog).getByRole('button', { name: cat['groups.saveAs'] }));
      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        cat['groups.nameRequired'],
      );
      await user.type(within(dialog).getByLabelText(cat['groups.newName']), 'Field staff');
      await user.click(within(dialog).getByRole('button', { name: cat['groups.saveAs'] }));
      expect(
        await within(dialog).findByText(cat['groups.saved'].replace('{group}', 'Field staff')),
      ).toBeInTheDocument();
      // Made on a tablet with no server: the signed change waits in the outbox.
      await expect.poll(() => device.db.groups.count()).toBe(1);
      const [made] = await device.db.groups.toArray();
      expect(made).toMatchObject({
        name: 'Field staff',
        members: [KANUNGO.id],
        office: CLERK.office,
      });
      expect(await device.db.outbox.where('recordId').equals(made!.id).count()).toBe(1);
      // The group is offered at once: untick, then one tap ticks its member again.
      await user.click(box(KANUNGO.id));
      const saved = await within(dialog).findByRole('group', { name: cat['copy.savedGroups'] });
      await user.click(
        await within(saved).findByRole('button', {
          name: cat['copy.addGroup'].replace('{group}', 'Field staff'),
        }),
      );
      expect(ticked()).toEqual([KANUNGO.id]);
      // Rename it, and make the chosen people (the kanungo and the DM) its members.
      await user.click(box(DM.id));
      await user.click(
        within(saved).getByRole('button', {
          name: cat['groups.edit'].replace('{group}', 'Field staff'),
        }),
      );
      const editor = await within(dialog).findByRole('group', {
        name: cat['groups.editor'].replace('{group}', 'Field staff'),
      });
      await user.click(within(editor).getByRole('button', { name: cat['groups.useChosen'] }));
      expect(
        await within(dialog).findByText(
          cat['groups.membersChanged'].replace('{group}', 'Field staff'),
        ),
      ).toBeInTheDocument();
      const name = within(editor).getByLabelText(cat['groups.name']);
      await user.clear(name);
      await user.type(name, 'Revenue and DM');
      await user.click(within(editor).getByRole('button', { name: cat['groups.rename'] }));
      const renamed = await within(saved).findByRole('button', {
        name: cat['copy.addGroup'].replace('{group}', 'Revenue and DM'),
      });
      expect(
        within(saved).queryByRole('button', {
          name: cat['copy.addGroup'].replace('{group}', 'Field staff'),
        }),
      ).toBeNull();
      // Sent with the group's people as copies.
      await user.click(box(KANUNGO.id));
      await user.click(box(DM.id));
      expect(ticked()).toEqual([]);
      await user.click(renamed);
      expect(ticked().sort()).toEqual([DM.id, KANUNGO.id].sort());
      await user.click(within(dialog).getByRole('button', { name: n.send }));
      await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
      const copies = await screen.findByRole('region', { name: n.copies });
      expect(copies).toHaveTextContent(KANUNGO.name[lang]);
      expect(copies).toHaveTextContent(DM.name[lang]);
      // In the next send it is there still; deleted, it is offered no more.
      await createFile(device, n, 'Pension of a retired patwari');
      await user.click(screen.getByRole('button', { name: n.send }));
      dialog = await screen.findByRole('dialog');
      const again = await within(dialog).findByRole('group', { name: cat['copy.savedGroups'] });
      await user.click(
        within(again).getByRole('button', {
          name: cat['groups.edit'].replace('{group}', 'Revenue and DM'),
        }),
      );
      const editAgain = await within(dialog).findByRole('group', {
        name: cat['groups.editor'].replace('{group}', 'Revenue and DM'),
      });
      expect(editAgain).toHaveTextContent(KANUNGO.name[lang]);
      await user.click(within(editAgain).getByRole('button', { name: cat['groups.delete'] }));
      await expect
        .poll(() => within(dialog).queryByRole('group', { name: cat['copy.savedGroups'] }))
        .toBeNull();
      const rows = await device.db.groups.toArray();
      expect(rows.map((g) => [g.name, g.deleted])).toEqual([['Revenue and DM', true]]);
    },
  );

  it('offers none where the office has none', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Boundary of khasra 112');
    await device.user.click(screen.getByRole('button', { name: EN.send }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('group', { name: en['copy.savedGroups'] })).toBeNull();
  });
});
