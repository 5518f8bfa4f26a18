import { describe, expect, it } from 'vitest';
import { istDate } from '@domain/calendar.ts';
import type { Directory, Person, Role } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import type { OfficeId } from '@domain/ids.ts';
import { buildReview, drillDown, reviewReachOf } from '@domain/review.ts';
import type { ReviewFilter, ReviewItem, ReviewReach } from '@domain/review.ts';
import { officeLookup } from '@domain/review.ts';
import { weekEnds } from '@domain/review-trend.ts';
import { CLERK, DAY, T0, TEHSILDAR, ev, send } from '../domain/builders.ts';
import { CHK, CHK_CLERK, DDN, DIRECTORY, VKN, item } from './fixtures.ts';

const NOW = T0 + 60 * DAY;
const officeOf = officeLookup(DIRECTORY);
const DISTRICT: ReviewReach = { kind: 'district' };

const review = (
  items: readonly ReviewItem[],
  filter: ReviewFilter = {},
  reach: ReviewReach = DISTRICT,
) => buildReview(items, { now: NOW, officeOf, reach, filter, weeks: 8 });

/** A file created by the clerk `days` days (plus `extraMs`) before NOW, still with the clerk. */
const waiting = (n: number, days: number, extraMs = 0) =>
  item({ n, createdAt: NOW - days * DAY - extraMs }, [], NOW);

describe('review buckets and overdue (fixed clock)', () => {
  it('puts whole days pending into 0–7, 8–15, 16–30 and over 30', () => {
    const items = [
      waiting(1, 0),
      waiting(2, 7, DAY - 1), // 7.99 days: still 7 whole days
      waiting(3, 8),
      waiting(4, 15),
      waiting(5, 16),
      waiting(6, 30),
      waiting(7, 31),
    ];
    const r = review(items);
    expect(r.records.map((x) => [x.days, x.bucket])).toEqual([
      [31, '30+'],
      [30, '16-30'],
      [16, '16-30'],
      [15, '8-15'],
      [8, '8-15'],
      [7, '0-7'],
      [0, '0-7'],
    ]);
    expect(r.byPerson).toHaveLength(1);
    expect(r.byPerson[0]?.byAge).toEqual({ '0-7': 2, '8-15': 2, '16-30': 2, '30+': 1 });
    expect(r.byPerson[0]?.oldestDays).toBe(31);
  });

  it('measures from when the file reached its holder, and overdue only after the due date', () => {
    const dueYesterday = istDate(NOW - DAY);
    const dueToday = istDate(NOW);
    const items = [
      item(
        { n: 1 },
        [send(1, CLERK, NOW - 20 * DAY, TEHSILDAR, null, { dueDate: dueYesterday })],
        NOW,
      ),
      item({ n: 2 }, [send(1, CLERK, NOW - 2 * DAY, TEHSILDAR, null, { dueDate: dueToday })], NOW),
    ];
    const r = review(items);
    const [first, second] = r.records;
    expect(first).toMatchObject({ holder: TEHSILDAR, days: 20, bucket: '16-30', overdue: true });
    expect(second).toMatchObject({ days: 2, bucket: '0-7', overdue: false });
    expect(r.byPerson[0]).toMatchObject({ key: TEHSILDAR, total: 2, overdue: 1 });
  });

  it('counts files and receipts per person and per holder office; closed records are not pending', () => {
    const items = [
      waiting(1, 3),
      item({ n: 2, kind: 'receipt', createdAt: NOW - 10 * DAY }, [], NOW),
      item({ n: 3, createdBy: CHK_CLERK, office: CHK, createdAt: NOW - 45 * DAY }, [], NOW),
      item(
        { n: 4, createdAt: NOW - 5 * DAY },
        [ev(1, 'closed', CLERK, NOW - DAY, { basis: null, remarks: '' })],
        NOW,
      ),
    ];
    const r = review(items);
    expect(r.records).toHaveLength(3);
    expect(r.byOffice.map((o) => [o.key, o.files, o.receipts, o.total])).toEqual([
      [CHK, 1, 0, 1],
      [VKN, 1, 1, 2],
    ]);
    const vkn = r.byOffice.find((o) => o.key === VKN);
    expect(vkn?.byKindAge.receipt).toEqual({ '0-7': 0, '8-15': 1, '16-30': 0, '30+': 0 });
    expect(vkn?.byKindAge.file).toEqual({ '0-7': 1, '8-15': 0, '16-30': 0, '30+': 0 });
  });

  it('marks records whose time is an unverified device time', () => {
    const items = [
      waiting(1, 2),
      item({ n: 2, createdAt: NOW - DAY, clockVerified: false }, [], NOW),
    ];
    const r = review(items);
    expect(r.records.map((x) => x.unverified)).toEqual([false, true]);
    expect(r.byPerson[0]?.unverified).toBe(1);
    expect(drillDown(r.records, 'person', CLERK, 'unverified').map((x) => x.number)).toEqual([
      r.records[1]?.number,
    ]);
  });
});

describe('filters, reach and drill-down', () => {
  const items = [
    item(
      { n: 1, category: 'pensions' },
      [send(1, CLERK, NOW - 20 * DAY, TEHSILDAR, null, { priority: 'urgent' })],
      NOW,
    ),
    item({ n: 2, createdAt: NOW - 3 * DAY }, [], NOW),
    item({ n: 3, kind: 'receipt', createdAt: NOW - 40 * DAY }, [], NOW),
    item({ n: 4, createdBy: CHK_CLERK, office: CHK, createdAt: NOW - 12 * DAY }, [], NOW),
  ];

  it('filters by category, priority, kind and office', () => {
    expect(review(items, { category: 'pensions' }).records.map((r) => r.holder)).toEqual([
      TEHSILDAR,
    ]);
    expect(review(items, { priority: 'urgent' }).records).toHaveLength(1);
    expect(review(items, { kind: 'receipt' }).records.map((r) => r.kind)).toEqual(['receipt']);
    const chk = review(items, { office: CHK });
    expect(chk.records.map((r) => r.holder)).toEqual([CHK_CLERK]);
    expect(chk.byOffice.map((o) => o.key)).toEqual([CHK]);
  });

  it('limits staff to their desk, tehsil officers to their office, DM to the district', () => {
    const reachOf = (id: string) => {
      const p = DIRECTORY.people.find((x) => x.id === id);
      if (p === undefined) throw new Error(id);
      return reviewReachOf(p, DIRECTORY);
    };
    expect(reachOf('clerk.vikasnagar')).toEqual({ kind: 'desk', person: CLERK });
    expect(reachOf('tehsildar.vikasnagar')).toEqual({ kind: 'office', offices: [VKN] });
    expect(reachOf('dm.dehradun')).toEqual({ kind: 'district' });
    const desk = review(items, {}, { kind: 'desk', person: CLERK });
    expect(new Set(desk.records.map((r) => r.holder))).toEqual(new Set([CLERK]));
    const office = review(items, {}, { kind: 'office', offices: [VKN] });
    expect(office.records).toHaveLength(3);
    expect(review(items).records).toHaveLength(4);
  });

  it('gives a kanungo their desk, an SDM the sub-division and its tehsils, an ADM the district', () => {
    const SUB = asOfficeId('vikasnagar-sub');
    const withSub: Directory = {
      ...DIRECTORY,
      offices: [
        ...DIRECTORY.offices.map((o) => (o.id === VKN ? { ...o, parent: SUB } : o)),
        { id: SUB, code: 'VKS', kind: 'subdivision', name: { hi: 'उपखण्ड', en: 'Sub-division' } },
      ],
    };
    const at = (id: string, role: Role, office: OfficeId): Person => ({
      id: asPersonId(id),
      name: { hi: id, en: id },
      designation: { hi: role, en: role },
      role,
      office,
    });
    expect(reviewReachOf(at('kanungo.vikasnagar', 'kanungo', VKN), withSub)).toEqual({
      kind: 'desk',
      person: asPersonId('kanungo.vikasnagar'),
    });
    expect(reviewReachOf(at('sdm.vikasnagar', 'sdm', SUB), withSub)).toEqual({
      kind: 'office',
      offices: [SUB, VKN],
    });
    expect(reviewReachOf(at('adm.dehradun', 'adm', DDN), withSub)).toEqual({ kind: 'district' });
  });

  it('drills down from any count to exactly the records behind it', () => {
    const r = review(items);
    for (const row of r.byOffice) {
      expect(drillDown(r.records, 'office', row.key, 'total')).toHaveLength(row.total);
      expect(drillDown(r.records, 'office', row.key, 'overdue')).toHaveLength(row.overdue);
      for (const [bucket, count] of Object.entries(row.byAge))
        expect(drillDown(r.records, 'office', row.key, bucket as '0-7')).toHaveLength(count);
    }
    expect(drillDown(r.records, 'person', TEHSILDAR, '16-30').map((x) => x.category)).toEqual([
      'pensions',
    ]);
  });
});

describe('trend of pending counts over recent weeks', () => {
  it('counts, at each week end, the records pending then, by the holder office then', () => {
    const items = [
      // Created 50 days ago with the clerk, sent to the tehsildar 20 days ago.
      item(
        { n: 1, createdAt: NOW - 50 * DAY },
        [send(1, CLERK, NOW - 20 * DAY, TEHSILDAR, null)],
        NOW,
      ),
      // Created 30 days ago, closed 10 days ago.
      item(
        { n: 2, createdAt: NOW - 30 * DAY },
        [ev(1, 'closed', CLERK, NOW - 10 * DAY, { basis: null, remarks: '' })],
        NOW,
      ),
      // Chakrata, from 3 days ago.
      item({ n: 3, createdBy: CHK_CLERK, office: CHK, createdAt: NOW - 3 * DAY }, [], NOW),
    ];
    const r = review(items);
    expect(r.trend.map((p) => p.at)).toEqual(weekEnds(NOW, 8));
    expect(r.trend.map((p) => p.pending)).toEqual([1, 1, 1, 2, 2, 2, 1, 2]);
    expect(r.trend.at(-1)?.byOffice).toEqual({ [VKN]: 1, [CHK]: 1 });
    const vknOnly = review(items, {}, { kind: 'office', offices: [VKN] });
    expect(vknOnly.trend.map((p) => p.pending)).toEqual([1, 1, 1, 2, 2, 2, 1, 1]);
    const tehsildarDesk = review(
      items,
      {},
      { kind: 'desk', person: asPersonId('tehsildar.vikasnagar') },
    );
    expect(tehsildarDesk.trend.map((p) => p.pending)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });
});
