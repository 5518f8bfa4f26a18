import { describe, expect, it } from 'vitest';
import { letterHash } from '@domain/letters.ts';
import type { LetterContent } from '@domain/events.ts';
import { buildReview, drillDown, officeLookup } from '@domain/review.ts';
import { PROJECTION_VERSION } from '@domain/projection.ts';
import { CLERK, DAY, T0, eid, ev, rid } from '../domain/builders.ts';
import { DIRECTORY, item } from './fixtures.ts';

/**
 * Pendency knows draft letters (issue 16): the projection row keeps since when
 * each draft awaits approval and each approved letter awaits dispatch; the
 * review counts them per record, person and office, with the oldest age in days.
 */

const NOW = T0 + 20 * DAY;
const CONTENT: LetterContent = {
  to: 'जिलाधिकारी',
  subject: 'आख्या',
  reference: null,
  hindi: 'महोदय',
  english: '',
};
const drafted = (n: number, at: number) =>
  ev(n, 'letterDrafted', CLERK, at, { template: 'blank', ...CONTENT });
const approved = (n: number, draft: number, at: number, file: number) =>
  ev(n, 'letterApproved', CLERK, at, {
    draft: eid(draft),
    version: eid(draft),
    textHash: letterHash(rid(file), eid(draft), CONTENT),
  });
const dispatched = (n: number, draft: number, at: number) =>
  ev(n, 'letterDispatched', CLERK, at, {
    draft: eid(draft),
    mode: 'post',
    date: '2026-01-10',
    number: `VKN/DSP/2026/3-${n}(I)`,
  });

// File 1: one draft begun 12 days ago (awaiting), one approved 5 days ago (awaiting dispatch).
// File 2: one dispatched letter (nothing pending) and one draft begun 3 days ago.
const file1 = item(
  { n: 1 },
  [drafted(10, NOW - 12 * DAY), drafted(11, NOW - 9 * DAY), approved(12, 11, NOW - 5 * DAY, 1)],
  NOW,
);
const file2 = item(
  { n: 2 },
  [
    drafted(20, NOW - 8 * DAY),
    approved(21, 20, NOW - 7 * DAY, 2),
    dispatched(22, 20, NOW - 6 * DAY),
    drafted(23, NOW - 3 * DAY),
  ],
  NOW,
);

describe('pendency of draft letters', () => {
  it('the projection row keeps since when each letter waits (PROJECTION_VERSION 6 on)', () => {
    expect(PROJECTION_VERSION).toBeGreaterThanOrEqual(6);
    expect(file1.letters).toEqual({
      awaitingApproval: [NOW - 12 * DAY],
      approvedNotDispatched: [NOW - 5 * DAY],
    });
    expect(file2.letters).toEqual({ awaitingApproval: [NOW - 3 * DAY], approvedNotDispatched: [] });
  });

  it('the review counts them per record and holder, with the oldest age', () => {
    const r = buildReview([file1, file2], {
      now: NOW,
      officeOf: officeLookup(DIRECTORY),
      reach: { kind: 'district' },
      filter: {},
      weeks: 4,
    });
    expect(r.records.find((x) => x.id === rid(1))?.letters).toEqual({
      awaitingApproval: 1,
      awaitingDays: 12,
      approvedNotDispatched: 1,
      approvedDays: 5,
    });
    expect(r.byPerson[0]?.letters).toEqual({
      awaitingApproval: 2,
      awaitingDays: 12,
      approvedNotDispatched: 1,
      approvedDays: 5,
    });
    expect(r.byOffice[0]?.letters.awaitingApproval).toBe(2);
    const awaiting = drillDown(r.records, 'person', CLERK, 'lettersAwaitingApproval');
    expect(awaiting.map((x) => x.id)).toEqual([rid(1), rid(2)]);
    const undispatched = drillDown(r.records, 'office', 'vikasnagar', 'lettersApproved');
    expect(undispatched.map((x) => x.id)).toEqual([rid(1)]);
  });
});
