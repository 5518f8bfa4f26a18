// Records life cycle (issue 17) on the tablet: closing a file asks for the retention
// category, offers the review date the schedule gives and lets it be moved later; the
// file shows them; Record retention lists the office's closed files by review date,
// those due by today marked. In English and Hindi. The harness's clock starts on
// 20 Nov 2026, the closing date of every close here.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { closeShownFile, createFile } from './steps.ts';

async function openRetention(device: Device, name: string, menu: string): Promise<HTMLElement> {
  await device.user.click(screen.getByRole('button', { name: menu }));
  await device.user.click(await screen.findByRole('link', { name }));
  return screen.findByRole('table', {
    name: name === 'Record retention' ? 'Due for review or weeding' : hi['retention.list'],
  });
}

const rows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );

async function newFileClosed(device: Device, n: Names, subject: string, category: string) {
  const number = await createFile(device, n, subject);
  await closeShownFile(device, n, category);
  return number;
}

describe('retention at closing and the files due', () => {
  it('asks for a category, offers its review date, keeps a later one, and lists files by review date', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const weedLater = await createFile(device, EN, 'Leave of patwari, 2026');

    // No category: the file stays open and the person is told why.
    await user.click(screen.getByRole('button', { name: EN.closeFile }));
    const ask = await screen.findByRole('alertdialog');
    const date = within(ask).getByLabelText(EN.reviewDate);
    expect(date).toBeDisabled();
    await user.click(within(ask).getByRole('button', { name: EN.closeConfirm }));
    // (The closure's approver is asked for too: closure-approver.test.tsx.)
    expect(
      within(ask).getByText('Choose a retention category before closing the file.'),
    ).toHaveAttribute('role', 'alert');
    const select = within(ask).getByLabelText(EN.retentionCategory);
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Choose a category',
      'A — keep permanently and microfilm',
      'B — keep permanently, no microfilm',
      'C-1 — keep 1 year, then weed',
      ...Array.from({ length: 9 }, (_, i) => `C-${i + 2} — keep ${i + 2} years, then weed`),
    ]);
    await user.selectOptions(select, 'C-5');
    expect(date).toHaveValue('20-11-2031');
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: EN.reopen })).toBeNull();

    // Moved later than the schedule's date: kept, and shown on the file.
    await closeShownFile(device, EN, 'C-5', '2032-03-31');
    await screen.findByText('Retention: category C-5, review date 31 Mar 2032');
    await screen.findByText(/Status: Closed/);

    const archive = await newFileClosed(device, EN, 'Settlement records, Dhakrani', 'A');
    const weedSoon = await newFileClosed(device, EN, 'Diary register 2025', 'C-1');
    // An open file is not in the list.
    await createFile(device, EN, 'Still open');

    const table = await openRetention(device, 'Record retention', 'Menu');
    await expect.poll(() => rows(table).length).toBe(3);
    expect(rows(table)).toEqual([
      [
        weedSoon,
        'Diary register 2025',
        'C-1 — keep 1 year, then weed',
        '20 Nov 2026',
        '20 Nov 2027',
        'Weed',
        'Not yet due',
      ],
      [
        weedLater,
        'Leave of patwari, 2026',
        'C-5 — keep 5 years, then weed',
        '20 Nov 2026',
        '31 Mar 2032',
        'Weed',
        'Not yet due',
      ],
      [
        archive,
        'Settlement records, Dhakrani',
        'A — keep permanently and microfilm',
        '20 Nov 2026',
        '20 Nov 2051',
        'Review for the archives',
        'Not yet due',
      ],
    ]);
    expect(screen.getByText('0 files due by today')).toBeInTheDocument();

    // A year and a day on, the C-1 file is due; the number links to the file.
    device.clock.now += 366 * 86_400_000;
    device.mount({ path: '/retention', search: '?lang=en' });
    const later = await screen.findByRole('table', { name: 'Due for review or weeding' });
    await expect.poll(() => rows(later)[0]?.[6]).toBe('Due');
    expect(screen.getByText('1 file due by today')).toBeInTheDocument();
    await user.click(within(later).getByRole('link', { name: weedSoon }));
    await screen.findByRole('heading', { level: 1, name: weedSoon });
  });

  it('in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const number = await newFileClosed(device, HI, 'भूमि विवाद', 'B');
    await screen.findByText('प्रतिधारण: श्रेणी B, समीक्षा तिथि 20 नव॰ 2051');
    const table = await openRetention(device, hi['retention.nav'], hi['menu.button']);
    await expect.poll(() => rows(table).length).toBe(1);
    expect(rows(table)[0]).toEqual([
      number,
      'भूमि विवाद',
      'B — स्थायी रूप से रखें, माइक्रोफ़िल्म नहीं',
      '20 नव॰ 2026',
      '20 नव॰ 2051',
      'अभिलेखागार हेतु समीक्षा',
      'अभी देय नहीं',
    ]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(hi['retention.title']);
  });
});
