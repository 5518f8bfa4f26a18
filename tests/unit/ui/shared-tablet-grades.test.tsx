// A shared tablet (issue 17): the clerk's confidential file stays on the tablet when the
// tehsildar signs in there, but the tehsildar, not on its access list, neither finds it
// in Search nor reads it by its address; the clerk, signed in again, does both.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN } from './names.ts';
import { createFile } from './steps.ts';

async function searchFor(device: Device, label: string, text: string): Promise<void> {
  await device.user.click(screen.getByRole('link', { name: EN.inbox }));
  const field = await screen.findByRole('searchbox', { name: label });
  await device.user.clear(field);
  await device.user.type(field, text);
}

describe('a confidential file on a shared tablet', () => {
  it('is hidden from someone not on its access list and shown again to the clerk', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const number = await createFile(device, EN, 'Vigilance complaint');
    const panel = await screen.findByRole('region', { name: 'Security grade' });
    await device.user.selectOptions(within(panel).getByLabelText('New grade'), 'Confidential');
    await device.user.click(within(panel).getByRole('button', { name: 'Change grade' }));
    await screen.findByText('Grade: Confidential');
    await createFile(device, EN, 'Vigilance road repair');
    const [secret] = (await device.db.records.toArray()).filter((r) => r.grade !== 'normal');
    if (secret === undefined) throw new Error('the confidential file is on the tablet');
    await signOutOf(device, EN);

    await signInAs(device, EN, TEHSILDAR.id);
    await searchFor(device, 'Search', 'Vigilance');
    const results = await screen.findByRole('region', { name: en['search.results'] });
    await expect
      .poll(() =>
        within(results)
          .queryAllByRole('row')
          .slice(1)
          .map((r) => r.textContent ?? ''),
      )
      .toEqual([expect.stringContaining('road repair')]);
    expect(within(results).queryByText(number)).toBeNull();

    device.mount({ path: `/r/${secret.id}`, search: '?lang=hi' });
    expect(await screen.findByRole('alert')).toHaveTextContent(hi['grade.notOnList']);
    expect(screen.queryByText('Vigilance complaint', { exact: false })).toBeNull();
    expect(screen.queryByRole('heading', { level: 1, name: number })).toBeNull();

    device.mount({ search: '?lang=en' });
    await signOutOf(device, EN);
    await signInAs(device, EN, CLERK.id);
    device.mount({ path: `/r/${secret.id}`, search: '?lang=en' });
    expect(await screen.findByRole('heading', { level: 1, name: number })).toBeInTheDocument();
    expect(screen.queryByText(en['grade.notOnList'])).toBeNull();
  });
});
