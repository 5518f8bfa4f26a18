// The inbox: records with me, oldest waiting first, each with number, subject,
// from whom and its pending age; an empty state; and the "sent by me" tab.
import { describe, expect, it } from 'vitest';
import { asOfficeId, asRecordId, type PersonId } from '@domain/ids.ts';
import { PROJECTION_VERSION } from '@domain/projection.ts';
import { searchKeys } from '@domain/search-words.ts';
import { hi } from '@i18n/hi.ts';
import type { PatravaliDb, RecordSummary } from '@storage/db/db.ts';
import { putSearchKeys, searchTables } from '@storage/db/search-rows.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, screen, signInAs, signOutOf, START, within } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, sendTo } from './steps.ts';
import { wrapRecordsTable } from '../storage/records-table.ts';

describe('inbox', () => {
  it('lists what waits with me, oldest first, with its age', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    expect(await within(inbox).findByText('Nothing is pending with you.')).toBeInTheDocument();

    const older = await createFile(device, EN, 'Older matter');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += 3 * DAY;
    const newer = await createFile(device, EN, 'Newer matter');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += 1 * DAY;
    await signOutOf(device, EN);
    await signInAs(device, EN, TEHSILDAR.id);

    const region = await screen.findByRole('region', { name: EN.inbox });
    await expect.poll(() => within(region).queryAllByRole('row').length).toBe(3);
    const texts = within(region)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent ?? '');
    expect(texts[0]).toContain(older);
    expect(texts[0]).toContain('pending 4 days');
    expect(texts[0]).toContain('from Sunita Rawat');
    expect(texts[1]).toContain(newer);
    expect(texts[1]).toContain('pending 1 day');
  });

  it('says who opened a file that was never sent on, not "from —", in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const number = await createFile(device, EN, 'Boundary of plot 12');
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    const row = await within(inbox).findByRole('row', { name: new RegExp(number) });
    expect(row.textContent).toContain('opened by Sunita Rawat');
    expect(row.textContent).not.toContain('—');

    device.mount({ search: '?lang=hi' });
    const hiInbox = await screen.findByRole('region', { name: hi['nav.inbox'] });
    const hiRow = await within(hiInbox).findByRole('row', { name: new RegExp(number) });
    expect(hiRow.textContent).toContain('सुनीता रावत द्वारा खोली गई');
  });

  it('finds records on this tablet by number or subject, in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const demarcation = await createFile(device, EN, 'सीमांकन खसरा 112');
    await createFile(device, EN, 'वरासत दर्ज करने हेतु');
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    const field = await screen.findByRole('searchbox', { name: 'Search' });
    const resultRows = async () => {
      const region = await screen.findByRole('region', { name: 'Search results' });
      return within(region)
        .queryAllByRole('row')
        .slice(1)
        .map((r) => r.textContent ?? '');
    };

    await device.user.type(field, 'सीमांकन');
    await expect.poll(resultRows).toHaveLength(1);
    expect((await resultRows())[0]).toContain('सीमांकन खसरा 112');
    await device.user.clear(field);
    await device.user.type(field, demarcation.toLowerCase());
    await expect.poll(async () => (await resultRows())[0] ?? '').toContain(demarcation);

    await device.user.clear(field);
    await device.user.type(field, 'zzzz');
    expect(
      await screen.findByText('No file or receipt on this tablet matches.'),
    ).toBeInTheDocument();
    await device.user.clear(field);
    expect(await screen.findByRole('tablist')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull();

    device.mount({ search: '?lang=hi' });
    const hindi = await screen.findByRole('searchbox', { name: hi['search.label'] });
    await device.user.type(hindi, 'वरासत');
    const region = await screen.findByRole('region', { name: hi['search.results'] });
    await expect.poll(() => within(region).queryAllByRole('row').length - 1).toBe(1);
  });

  it('shows the 50 most recently active matches and says when there are more', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, TEHSILDAR.id);
    await putRows(
      device.db,
      Array.from({ length: 51 }, (_, i) => pendingRow(i, TEHSILDAR.id, START - DAY)),
    );
    const field = await screen.findByRole('searchbox', { name: 'Search' });
    const hint = 'Showing the 50 most recently active; type more to narrow.';
    await device.user.type(field, 'सीमांकन');
    const region = await screen.findByRole('region', { name: 'Search results' });
    await expect.poll(() => within(region).queryAllByRole('row').length - 1).toBe(50);
    expect(within(region).getByText(hint)).toBeInTheDocument();
    // Exactly 50 matches: all are shown, so there is nothing more to say.
    await device.db.records.delete(asRecordId(`00000000-0000-4000-8000-${'0'.repeat(10)}50`));
    await expect.poll(() => within(region).queryByText(hint)).toBeNull();
    expect(within(region).queryAllByRole('row')).toHaveLength(51);
  });

  it('draws 200 rows at first and more on request, in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, TEHSILDAR.id);
    await putRows(
      device.db,
      Array.from({ length: 450 }, (_, i) => pendingRow(i, TEHSILDAR.id, START - DAY)),
    );
    const region = await screen.findByRole('region', { name: EN.inbox });
    const rows = () => within(region).queryAllByRole('row').length - 1;
    await expect.poll(rows).toBe(200);
    await device.user.click(
      within(region).getByRole('button', { name: 'Show 200 more (450 in all)' }),
    );
    expect(rows()).toBe(400);
    await device.user.click(
      within(region).getByRole('button', { name: 'Show 50 more (450 in all)' }),
    );
    expect(rows()).toBe(450);
    expect(within(region).queryByRole('button', { name: /Show/ })).toBeNull();

    device.mount({ search: '?lang=hi' });
    const hindi = await screen.findByRole('region', { name: hi['inbox.title'] });
    await expect.poll(() => within(hindi).queryAllByRole('row').length - 1).toBe(200);
    expect(
      within(hindi).getByRole('button', { name: '200 और दिखाएँ (कुल 450)' }),
    ).toBeInTheDocument();
  });

  it('reads only the list it shows: what I sent is read when its tab is opened', async () => {
    const device = newDevice();
    // Which index of `records` each read of the page used (the sent list reads
    // `participants`), and a gate that holds the sent list's read until released.
    const indexes: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    wrapRecordsTable(device.db, 'record-reads', (table) => ({
      query: async (req) => {
        const index = req.query.index.name ?? 'id';
        indexes.push(index);
        // The read is made at once; its answer is held.
        const answer = table.query(req);
        if (index === 'participants') await gate;
        return answer;
      },
    }));
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const sent = await createFile(device, EN, 'Sent matter');
    await sendTo(device, EN, TEHSILDAR.id);
    const kept = await createFile(device, EN, 'Kept matter');
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    await within(inbox).findByRole('row', { name: new RegExp(kept) });
    expect(indexes).not.toContain('participants');

    // While the sent list is read, the tab says so: my own list is not shown under it.
    await device.user.click(within(inbox).getByRole('tab', { name: EN.tabSent }));
    expect(await within(inbox).findByText('Loading…')).toBeInTheDocument();
    expect(within(inbox).queryByRole('row', { name: new RegExp(kept) })).toBeNull();
    release();
    expect(await within(inbox).findByRole('row', { name: new RegExp(sent) })).toBeInTheDocument();
    expect(within(inbox).queryByRole('row', { name: new RegExp(kept) })).toBeNull();
    expect(indexes).toContain('participants');
  });
});

/** Projection rows and their search rows, as the store writes them. */
async function putRows(db: PatravaliDb, rows: readonly RecordSummary[]): Promise<void> {
  await db.transaction('rw', [db.records, ...searchTables(db)], async () => {
    await db.records.bulkPut([...rows]);
    for (const r of rows)
      await putSearchKeys(
        db,
        r.id,
        r.lastActivity,
        searchKeys({ particulars: [r.number, r.subject], notes: [] }),
      );
  });
}

/** A pending file row of the projection, as the store writes it. */
function pendingRow(i: number, holder: PersonId, since: number): RecordSummary {
  const id = asRecordId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const number = `VKN/LR/2026/9-${i}`;
  return {
    version: PROJECTION_VERSION,
    id,
    kind: 'file',
    number,
    subject: `सीमांकन ${i}`,
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    holder,
    holderSince: since + i,
    holderSinceVerified: true,
    status: 'active',
    awaitingOpen: false,
    priority: 'normal',
    dueDate: null,
    lastActivity: since + i,
    participants: [holder],
    lastSender: null,
    pulledBack: false,
    createdBy: holder,
    inFile: null,
    letterFrom: null,
    searchText: `${number} सीमांकन ${i}`.toLowerCase(),
    scans: [],
    spans: [{ holder, since: since + i, until: null }],
    openConflictAuthors: [],
    retention: null,
    letters: { awaitingApproval: [], approvedNotDispatched: [] },
    grade: 'normal',
    readers: [],
    copiesUnseen: [],
    links: [],
    attachedUnder: null,
    attachedFiles: [],
    volume: 1,
  };
}
