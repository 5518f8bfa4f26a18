// Security grades on the tablet (issue 17): the New file and Dak forms offer `Security
// grade` (Normal by default); a confidential or secret record carries its grade's badge on
// its header and in the lists, in English and Hindi; a normal one carries none.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';

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
