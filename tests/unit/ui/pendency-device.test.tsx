// Tehsil and desk reviews computed on the device from its own records, offline, on
// the corrected clock: the tehsildar sees files pending 20 days in the 16–30 bucket,
// drills down to one, opens it and finds its timeline; unverified time is marked; on a
// new tablet still receiving the office (decision 0012) the counts are said to be partial.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hiReview } from '@i18n/features/review.hi.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { advanceCursor } from '@storage/sync/cursor.ts';
import { saveJoin } from '@storage/sync/join-state.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { newPendencyDevice, type PendencyDevice } from './pendency-harness.tsx';
import { createFile, sendTo } from './steps.ts';

const noReport = () => {
  throw new Error('a device view must not ask the server');
};

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const row = within(table)
    .getAllByRole('row')
    .find((r) => within(r).queryByRole('rowheader', { name }) !== null);
  if (!row) throw new Error(`no row ${name}`);
  return row;
}

/** The clerk sends one file to the tehsildar now and another 12 days later; 8 more days pass. */
async function twoFilesWithTehsildar(device: PendencyDevice) {
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  const old = await createFile(device, EN, 'Old demarcation');
  await sendTo(device, EN, TEHSILDAR.id, 'please see', '2026-11-30');
  device.clock.now += 12 * DAY;
  const recent = await createFile(device, EN, 'Recent mutation');
  await sendTo(device, EN, TEHSILDAR.id);
  device.clock.now += 8 * DAY + 3_600_000;
  await signOutOf(device, EN);
  return { old, recent };
}

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('pendency page: office review on the device', () => {
  it('counts by age, drills down to a record and opens its timeline', async () => {
    const device = newPendencyDevice(noReport);
    const { old, recent } = await twoFilesWithTehsildar(device);
    await writeKv(device.db, KV_KEYS.clockOffset, 0);
    await signInAs(device, EN, TEHSILDAR.id);
    await device.user.click(screen.getByRole('link', { name: EN.pendency }));
    const region = await screen.findByRole('region', { name: EN.pendency });

    const people = await within(region).findByRole('table', { name: 'Pendency by person' });
    const cells = within(rowOf(people, 'Anita Bisht'))
      .getAllByRole('cell')
      .map((c) => c.textContent);
    // office, 0–7, 8–15, 16–30, over 30, overdue (due 30 Nov), total, unverified (sent
    // before this device's clock was ever corrected), drafts awaiting approval, approved
    // letters awaiting dispatch
    expect(cells).toEqual(['Tehsil Vikasnagar', '0', '1', '1', '0', '1', '2', '2', '0', '0']);
    expect(within(region).getByText(/^From this device's records, as of/)).toBeInTheDocument();
    expect(within(region).queryByText(/has not yet been checked/)).toBeNull();

    await device.user.click(
      within(people).getByRole('button', { name: 'Anita Bisht, 16–30 days: 1 record' }),
    );
    const list = await screen.findByRole('region', { name: 'Anita Bisht — 16–30 days' });
    const link = await within(list).findByRole('link', { name: old });
    expect(within(list).queryByText(recent)).toBeNull();
    expect(list.textContent).toContain('Old demarcation');
    expect(list.textContent).toContain('20');

    await device.user.click(link);
    await screen.findByRole('heading', { level: 1, name: old });
    const timeline = await screen.findByRole('region', { name: 'Time at each desk' });
    const hops = within(timeline).getAllByRole('listitem');
    expect(hops).toHaveLength(2);
    expect(hops[0]?.textContent).toContain('Sunita Rawat');
    expect(hops[1]?.textContent).toContain('Anita Bisht');
    expect(hops[1]?.textContent).toContain('20 days · still here');
  });

  it('filters by category and marks times the server has not verified', async () => {
    const device = newPendencyDevice(noReport);
    await twoFilesWithTehsildar(device);
    await signInAs(device, EN, TEHSILDAR.id);
    await device.user.click(screen.getByRole('link', { name: EN.pendency }));
    const region = await screen.findByRole('region', { name: EN.pendency });
    await within(region).findByRole('table', { name: 'Pendency by office' });
    expect(within(region).getByRole('note')).toHaveTextContent(
      "This device's clock has not yet been checked against the server",
    );

    await device.user.click(
      within(region).getByRole('button', { name: 'Tehsil Vikasnagar, Unverified time: 2 records' }),
    );
    const list = await screen.findByRole('region', { name: 'Tehsil Vikasnagar — Unverified time' });
    expect(within(list).getAllByText('(device time, unverified)')).toHaveLength(2);

    await device.user.selectOptions(within(region).getByLabelText('Category'), 'RTI');
    expect(await within(region).findByText('Nothing pending.')).toBeInTheDocument();
    await device.user.selectOptions(within(region).getByLabelText('Category'), 'Land records');
    const offices = await within(region).findByRole('table', { name: 'Pendency by office' });
    expect(within(rowOf(offices, 'Tehsil Vikasnagar')).getAllByRole('cell')[5]).toHaveTextContent(
      '2',
    );
  });

  it('shows the clerk only her own desk, in Hindi', async () => {
    const device = newPendencyDevice(noReport);
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'मेरी पत्रावली');
    await device.user.click(screen.getByRole('link', { name: HI.pendency }));
    const region = await screen.findByRole('region', { name: HI.pendency });
    expect(within(region).getByText('मेरा पटल')).toBeInTheDocument();
    const people = await within(region).findByRole('table', { name: 'व्यक्तिवार लंबितता' });
    expect(rowOf(people, 'सुनीता रावत')).toBeInTheDocument();
    expect(within(people).getAllByRole('row')).toHaveLength(2);
    // A desk view has no office filter.
    expect(within(region).queryByLabelText('कार्यालय')).toBeNull();
  });

  it('says the counts are not complete while a new tablet is still receiving the office', async () => {
    // Decision 0012: after the desk, the rest of the office arrives for minutes; a device
    // view counts only what has come.
    const device = newPendencyDevice(noReport);
    await twoFilesWithTehsildar(device);
    await signInAs(device, EN, TEHSILDAR.id);
    await saveJoin(device.db, TEHSILDAR.id, {
      seq: 500,
      after: null,
      deskDone: true,
      recordsLeft: 40,
      bytesLeft: 160_000,
      bytesReceived: 10_000,
      receivingMs: 2_000,
    });
    await device.user.click(screen.getByRole('link', { name: EN.pendency }));
    const region = await screen.findByRole('region', { name: EN.pendency });
    await within(region).findByRole('table', { name: 'Pendency by office' });
    expect(
      within(region).getByText(
        "This tablet is still receiving the office's records: these counts are not complete yet.",
      ),
    ).toHaveAttribute('role', 'note');

    device.mount({ search: '?lang=hi' });
    await device.user.click(await screen.findByRole('link', { name: HI.pendency }));
    const hiRegion = await screen.findByRole('region', { name: HI.pendency });
    expect(await within(hiRegion).findByText(hiReview['review.joining'])).toBeInTheDocument();

    // The join is done: the note goes.
    await device.db.transaction('rw', device.db.kv, () =>
      advanceCursor(device.db, TEHSILDAR.id, 500),
    );
    await expect.poll(() => within(hiRegion).queryByText(hiReview['review.joining'])).toBeNull();
  });
});
