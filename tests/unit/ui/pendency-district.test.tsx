// The district review (DM): counts per office and person from the server's report,
// drill-down to the records, filters, the cached copy offline "as of" its time,
// CSV export (BOM + Devanagari) and Print.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DM } from './fixtures.ts';
import { DAY, START, screen, signInAs, within } from './harness.tsx';
import { hi } from '@i18n/hi.ts';
import { EN, HI } from './names.ts';
import { DISTRICT_ITEMS, districtAnswer, newPendencyDevice } from './pendency-harness.tsx';

async function openPendency(
  device: ReturnType<typeof newPendencyDevice>,
  names: typeof EN | typeof HI = EN,
) {
  await device.user.click(screen.getByRole('link', { name: names.pendency }));
  return screen.findByRole('region', { name: names.pendency });
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const row = within(table)
    .getAllByRole('row')
    .find((r) => within(r).queryByRole('rowheader', { name }) !== null);
  if (!row) throw new Error(`no row ${name}`);
  return row;
}

beforeEach(() => {
  // jsdom has no canvas; the charts then draw nothing and the tables carry the numbers.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('pendency page: district review', () => {
  it('shows counts by age per office and per person, from the server, as of its time', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, DM.id);
    const region = await openPendency(device);

    const offices = await within(region).findByRole('table', { name: 'Pendency by office' });
    const vikasnagar = rowOf(offices, 'Tehsil Vikasnagar');
    const cells = within(vikasnagar)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    // 0–7, 8–15, 16–30, over 30, overdue, total, unverified
    expect(cells).toEqual(['1', '0', '1', '0', '1', '2', '0', '0', '0']);
    const collectorate = rowOf(offices, 'Collectorate, Dehradun');
    expect(
      within(collectorate).getByRole('button', { name: /Over 30 days: 1 record$/ }),
    ).toBeVisible();

    const people = within(region).getByRole('table', { name: 'Pendency by person' });
    const tehsildar = rowOf(people, 'Anita Bisht');
    expect(within(tehsildar).getByRole('cell', { name: 'Tehsil Vikasnagar' })).toBeInTheDocument();
    expect(
      within(tehsildar).getByRole('button', { name: 'Anita Bisht, 16–30 days: 1 record' }),
    ).toBeInTheDocument();

    expect(within(region).getByText(/^From the server, as of/)).toBeInTheDocument();
    // Charts (loaded lazily) are images with a text alternative.
    expect(await within(region).findByRole('img', { name: /^Stacked bar chart/ })).toBeVisible();
    expect(within(region).getByRole('img', { name: /^Line chart .* 3 pending now/ })).toBeVisible();
    expect(device.reports.requests).toEqual(['?weeks=8']);
  });

  it('drills down from a count to its records; records not on the device show details without a link', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, DM.id);
    const region = await openPendency(device);
    await device.user.click(
      await within(region).findByRole('button', {
        name: 'Tehsil Vikasnagar, 16–30 days: 1 record',
      }),
    );
    const list = await screen.findByRole('region', { name: 'Tehsil Vikasnagar — 16–30 days' });
    // Marked missing once the device store has been read, not before.
    await within(list).findByText(/not on this device/);
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const text = rows[0]?.textContent ?? '';
    expect(text).toContain('VKN/REV/2026/3-1');
    expect(text).toContain('भूमि सीमांकन, ग्राम ढकरानी');
    expect(text).toContain('Anita Bisht');
    expect(text).toContain('20');
    expect(text).toContain('not on this device');
    expect(text).toContain('Overdue');
    expect(within(list).queryByRole('link')).toBeNull();

    await device.user.click(within(list).getByRole('button', { name: 'Close list' }));
    expect(screen.queryByRole('region', { name: 'Tehsil Vikasnagar — 16–30 days' })).toBeNull();
  });

  it('filters by category, priority and office through the server query', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, DM.id);
    const region = await openPendency(device);
    await within(region).findByRole('table', { name: 'Pendency by office' });

    await device.user.selectOptions(within(region).getByLabelText('Category'), 'Pensions');
    await expect.poll(() => device.reports.requests.at(-1)).toBe('?category=pensions&weeks=8');
    const people = await within(region).findByRole('table', { name: 'Pendency by person' });
    await expect.poll(() => within(people).getAllByRole('row').length).toBe(2);
    expect(rowOf(people, 'Sunita Rawat')).toBeInTheDocument();

    await device.user.selectOptions(within(region).getByLabelText('Category'), 'All');
    await device.user.selectOptions(within(region).getByLabelText('Priority'), 'Urgent');
    await device.user.selectOptions(
      within(region).getByLabelText('Office'),
      'Collectorate, Dehradun',
    );
    await expect
      .poll(() => device.reports.requests.at(-1))
      .toBe('?priority=urgent&office=dehradun&weeks=8');
    expect(await within(region).findByText('Nothing pending.')).toBeInTheDocument();
  });

  it('opens the last copy offline, marked as of its time; says so when there is none', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, DM.id);
    let region = await openPendency(device);
    await within(region).findByRole('table', { name: 'Pendency by office' });

    device.reports.online = false;
    device.clock.now = START + 2 * DAY;
    device.mount({ path: '/pendency', search: '?lang=en' });
    region = await screen.findByRole('region', { name: EN.pendency });
    const note = await within(region).findByText(/^Offline copy — as of/);
    expect(note.textContent).toContain('20 Nov 2026');
    const offices = within(region).getByRole('table', { name: 'Pendency by office' });
    expect(rowOf(offices, 'Tehsil Vikasnagar')).toBeInTheDocument();

    // A filter never fetched before has no copy on this device.
    await device.user.selectOptions(within(region).getByLabelText('Kind'), 'Receipt');
    expect(await within(region).findByRole('alert')).toHaveTextContent(
      'The district report needs the server once',
    );
  });

  it('opens the last copy when the server does not answer at all, in Hindi', async () => {
    // Wi-Fi up, the link beyond it down: the request hangs until the app gives it up
    // (here after 50 ms instead of ANSWER_TIMEOUT_MS).
    const device = newPendencyDevice(
      districtAnswer(DISTRICT_ITEMS, () => START),
      {
        answerTimeoutMs: 50,
      },
    );
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, DM.id);
    let region = await openPendency(device, HI);
    await within(region).findAllByRole('table');

    device.reports.hang = true;
    device.mount({ path: '/pendency', search: '?lang=hi' });
    region = await screen.findByRole('region', { name: HI.pendency });
    const asOf = hi['review.offlineCopy'].split('{')[0] ?? '';
    expect(asOf.length).toBeGreaterThan(3);
    expect(await within(region).findByText(new RegExp(`^${asOf}`))).toBeInTheDocument();
  });

  it('exports the review as CSV with a BOM and Devanagari text', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, DM.id);
    await device.user.click(screen.getByRole('link', { name: HI.pendency }));
    const region = await screen.findByRole('region', { name: HI.pendency });
    await within(region).findByRole('table', { name: 'कार्यालयवार लंबितता' });
    await device.user.click(within(region).getByRole('button', { name: 'CSV निर्यात' }));

    expect(device.downloads).toHaveLength(1);
    const { fileName, text } = device.downloads[0] ?? { fileName: '', text: '' };
    expect(fileName).toBe('pendency-2026-11-20.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('लंबितता समीक्षा');
    expect(text).toContain('तहसील विकासनगर');
    expect(text).toContain('भूमि सीमांकन, ग्राम ढकरानी');
    expect(text).toContain('\r\n');
    const utf8 = new TextEncoder().encode(text);
    expect([...utf8.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('prints the report with Hindi headings, every table whole, and page numbers', async () => {
    const device = newPendencyDevice(districtAnswer(DISTRICT_ITEMS, () => START));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, DM.id);
    const region = await openPendency(device);
    await within(region).findByRole('table', { name: 'Pendency by office' });

    const printed: string[] = [];
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      const report = document.querySelector('.print-report');
      printed.push(report?.textContent ?? '');
      expect(report?.querySelectorAll('.print-section').length).toBe(3);
    });
    await device.user.click(within(region).getByRole('button', { name: 'Print' }));

    expect(print).toHaveBeenCalledTimes(1);
    expect(printed[0]).toContain('लंबितता समीक्षा / Pendency review');
    expect(printed[0]).toContain('कार्यालयवार लंबितता / Pendency by office');
    // The browser numbers the sheets it lays out: "Page n of m" from its page counters.
    expect(printed[0]).toContain('content: "Page " counter(page) " of " counter(pages)');
    expect(printed[0]).toContain('VKN/REV/2026/3-1');
    // The print copy leaves the page once the print dialog closes.
    expect(document.querySelector('.print-report')).toBeNull();
  });
});
