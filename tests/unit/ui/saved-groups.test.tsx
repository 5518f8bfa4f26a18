// Saved groups of recipients (issue 17): an office's groups from the directory are
// offered above Copy to; a tap ticks every member who may be picked (not the person the
// file goes to), and the copies go to them. English and Hindi.
import { describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, DIRECTORY, KANUNGO, TEHSILDAR } from './fixtures.ts';
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
