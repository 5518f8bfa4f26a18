import { describe, expect, it } from 'vitest';
import { foldRecord } from '@domain/fold.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import { asOfficeId } from '@domain/ids.ts';
import {
  ageBucket,
  isOverdue,
  pendencyByOffice,
  pendencyByPerson,
  pendingDays,
} from '@domain/pendency.ts';
import type { RecordState } from '@domain/record.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, meta, send } from './builders.ts';

const at = (
  holder: PersonId,
  daysAgo: number,
  extra: Partial<RecordState> = {},
  now = T0 + 100 * DAY,
) => ({
  holder,
  holderSince: now - daysAgo * DAY,
  status: 'active' as const,
  dueDate: null,
  ...extra,
});

describe('pendency', () => {
  it('counts whole days since the file reached its holder', () => {
    const s = foldRecord(meta(), [send(1, CLERK, T0 + 2 * DAY, TEHSILDAR, null)], T0);
    expect(pendingDays(s, T0 + 2 * DAY + 1)).toBe(0);
    expect(pendingDays(s, T0 + 5 * DAY - 1)).toBe(2);
    expect(pendingDays(s, T0 + 5 * DAY)).toBe(3);
    expect(pendingDays(s, T0)).toBe(0); // never negative when clocks disagree
  });

  it('is overdue only after the due date and only while not closed', () => {
    const s = { dueDate: '2026-01-20', status: 'active' as const };
    expect(isOverdue(s, '2026-01-20')).toBe(false);
    expect(isOverdue(s, '2026-01-21')).toBe(true);
    expect(isOverdue({ ...s, status: 'closed' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ ...s, dueDate: null }, '2030-01-01')).toBe(false);
  });

  it('buckets ages at 7, 15 and 30 days', () => {
    expect([0, 7, 8, 15, 16, 30, 31, 400].map(ageBucket)).toEqual([
      '0-7',
      '0-7',
      '8-15',
      '8-15',
      '16-30',
      '16-30',
      '30+',
      '30+',
    ]);
  });

  it('summarises per person, worst first, skipping closed records', () => {
    const now = T0 + 100 * DAY;
    const rows = pendencyByPerson(
      [
        at(CLERK, 3),
        at(CLERK, 10, { status: 'parked' }),
        at(TEHSILDAR, 40, { dueDate: '2026-01-10' }),
        at(TEHSILDAR, 50, { status: 'closed' }),
        at(NAIB, 1),
      ],
      now,
      '2026-04-15',
    );
    expect(rows.map((r) => [r.key, r.total, r.oldestDays])).toEqual([
      [TEHSILDAR, 1, 40],
      [CLERK, 2, 10],
      [NAIB, 1, 1],
    ]);
    expect(rows[0]).toMatchObject({
      overdue: 1,
      byAge: { '0-7': 0, '8-15': 0, '16-30': 0, '30+': 1 },
    });
    expect(rows[1]).toMatchObject({
      parked: 1,
      byAge: { '0-7': 1, '8-15': 1, '16-30': 0, '30+': 0 },
    });
  });

  it('summarises per office through a directory lookup', () => {
    const offices: Record<string, OfficeId> = {
      [CLERK]: asOfficeId('vikasnagar'),
      [NAIB]: asOfficeId('vikasnagar'),
    };
    const rows = pendencyByOffice(
      [at(CLERK, 2), at(NAIB, 20), at(TEHSILDAR, 5)],
      T0 + 100 * DAY,
      '2026-01-01',
      (p) => offices[p],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'vikasnagar', total: 2, oldestDays: 20 });
  });
});
