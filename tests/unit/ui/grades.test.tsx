// Security grades on the tablet (issue 17): the New file and Dak forms offer `Security
// grade` (Normal by default); a confidential or secret record carries its grade's badge on
// its header and in the lists, in English and Hindi; a normal one carries none.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, sendTo } from './steps.ts';

describe('security grade', () => {
  it.each([
    ['English', '?lang=en', EN, en],
    ['Hindi', '?lang=hi', HI, hi],
  ] as const)('is chosen for a new file and shown as a badge (%s)', async (_, search, n, cat) => {
    const device = newDevice();
    device.mount({ search });
    await signInAs(device, n, CLERK.id);
    const { user } = device;
    await user.click(screen.getByRole('link', { name: n.newFile }));
    const grade = await screen.findByLabelText(cat['grade.label']);
    expect(grade).toHaveValue('normal');
    expect(grade).toHaveAccessibleDescription(cat['grade.hint']);
    await user.type(screen.getByLabelText(n.subject), 'सतर्कता शिकायत');
    await user.selectOptions(grade, cat['grade.confidential']);
    await user.click(screen.getByRole('button', { name: n.createFile }));
    const header = (await screen.findByRole('heading', { level: 1, name: /^VKN\// }))
      .parentElement as HTMLElement;
    const badge = cat['grade.badge'].replace('{grade}', cat['grade.confidential']);
    expect(within(header).getByText(badge)).toBeInTheDocument();
    const [row] = await device.db.records.toArray();
    expect(row?.grade).toBe('confidential');
    // In the inbox list too.
    await user.click(screen.getByRole('link', { name: n.inbox }));
    const list = await screen.findByRole('table');
    expect(await within(list).findByText(badge)).toBeInTheDocument();
  });

  it('diarises a secret receipt; a normal file carries no badge', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const { user } = device;
    await user.click(screen.getByRole('link', { name: EN.dak }));
    await user.type(await screen.findByLabelText(EN.from), 'SP Dehradun');
    await user.type(screen.getByLabelText(EN.letterNumber), 'G-17/2026');
    await user.type(screen.getByLabelText(EN.letterDate), '2026-11-18');
    await user.type(screen.getByLabelText(EN.subject), 'Secret letter');
    await user.selectOptions(screen.getByLabelText('Security grade'), 'Secret');
    await user.click(screen.getByRole('button', { name: EN.diarise }));
    const list = await screen.findByRole('table');
    expect(await within(list).findByText('Grade: Secret')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: EN.newFile }));
    await user.type(await screen.findByLabelText(EN.subject), 'Ordinary file');
    await user.click(screen.getByRole('button', { name: EN.createFile }));
    await screen.findByRole('heading', { level: 1, name: /^VKN\// });
    expect(screen.queryByText(/^Grade: /)).toBeNull();
    expect((await device.db.records.toArray()).map((r) => r.grade).sort()).toEqual([
      'normal',
      'secret',
    ]);
  });
});

describe('security grade on the file page', () => {
  it.each([
    ['English', '?lang=en', EN, en],
    ['Hindi', '?lang=hi', HI, hi],
  ] as const)(
    'is raised, a reader added and lowered again by its creator (%s)',
    async (_, search, n, cat) => {
      const device = newDevice();
      device.mount({ search });
      await signInAs(device, n, CLERK.id);
      const { user } = device;
      await createFile(device, n, 'Vigilance complaint');
      const panel = await screen.findByRole('region', { name: cat['grade.label'] });
      const badge = cat['grade.badge'].replace('{grade}', cat['grade.confidential']);
      expect(screen.queryByText(badge)).toBeNull();
      expect(within(panel).queryByRole('list', { name: cat['grade.accessList'] })).toBeNull();

      const change = within(panel).getByRole('button', { name: cat['grade.change'] });
      expect(change).toBeDisabled();
      await user.selectOptions(
        within(panel).getByLabelText(cat['grade.newGrade']),
        cat['grade.confidential'],
      );
      await user.click(change);
      expect(await screen.findByText(badge)).toBeInTheDocument();
      const list = await within(panel).findByRole('list', { name: cat['grade.accessList'] });
      expect(
        within(list)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual([search.endsWith('hi') ? CLERK.name.hi : CLERK.name.en]);

      await user.selectOptions(within(panel).getByLabelText(cat['grade.reader']), TEHSILDAR.id);
      await user.click(within(panel).getByRole('button', { name: cat['grade.addReader'] }));
      await expect
        .poll(() =>
          within(list)
            .getAllByRole('listitem')
            .map((li) => li.textContent),
        )
        .toEqual(
          search.endsWith('hi')
            ? [CLERK.name.hi, TEHSILDAR.name.hi]
            : [CLERK.name.en, TEHSILDAR.name.en],
        );
      // Someone on the list is not offered again.
      const readers = within(panel).getByLabelText(cat['grade.reader']);
      expect(readers.querySelector(`option[value="${TEHSILDAR.id}"]`)).toBeNull();
      expect(readers.querySelector(`option[value="${KANUNGO.id}"]`)).not.toBeNull();

      // The creator may lower it again: the badge and the list go.
      await user.selectOptions(
        within(panel).getByLabelText(cat['grade.newGrade']),
        cat['grade.normal'],
      );
      await user.click(within(panel).getByRole('button', { name: cat['grade.change'] }));
      await expect.poll(() => screen.queryByText(badge)).toBeNull();
      expect(within(panel).queryByRole('list', { name: cat['grade.accessList'] })).toBeNull();
      const [row] = await device.db.records.toArray();
      expect(row?.grade).toBe('normal');
    },
  );

  it('offers no change to someone who no longer holds the file', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const { user } = device;
    await createFile(device, EN, 'Secret inquiry');
    const panel = await screen.findByRole('region', { name: 'Security grade' });
    await user.selectOptions(within(panel).getByLabelText('New grade'), 'Secret');
    await user.click(within(panel).getByRole('button', { name: 'Change grade' }));
    expect(await screen.findByText('Grade: Secret')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Add reader' })).toBeInTheDocument();
    await sendTo(device, EN, TEHSILDAR.id);
    await expect
      .poll(() => within(panel).queryByRole('button', { name: 'Change grade' }))
      .toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Add reader' })).toBeNull();
    // The grade and who may read it are still shown.
    const list = within(panel).getByRole('list', { name: 'Access list' });
    expect(within(list).getByText(TEHSILDAR.name.en)).toBeInTheDocument();
  });
});
