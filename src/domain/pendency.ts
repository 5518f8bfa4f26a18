import { DAY_MS } from './calendar.ts';
import type { OfficeId, PersonId } from './ids.ts';
import type { RecordState } from './record.ts';

/**
 * Pendency (DESIGN.md invariant 4): how long a record has waited with its
 * holder, counted from when it reached them, and whether it is past its due
 * date. Closed records are not pending.
 */

export const AGE_BUCKETS = ['0-7', '8-15', '16-30', '30+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

type PendencyInput = Pick<RecordState, 'holderSince' | 'status' | 'dueDate' | 'holder'>;

/** Whole days since the record reached its holder (never negative). */
export function pendingDays(state: Pick<RecordState, 'holderSince'>, now: number): number {
  return Math.max(0, Math.floor((now - state.holderSince) / DAY_MS));
}

/** Past its due date and not closed; `today` is `YYYY-MM-DD` (see istDate). */
export function isOverdue(state: Pick<RecordState, 'dueDate' | 'status'>, today: string): boolean {
  return state.status !== 'closed' && state.dueDate !== null && today > state.dueDate;
}

export function ageBucket(days: number): AgeBucket {
  if (days <= 7) return '0-7';
  if (days <= 15) return '8-15';
  if (days <= 30) return '16-30';
  return '30+';
}

export interface PendencyRow<K extends string> {
  readonly key: K;
  /** Records pending (active or parked). */
  readonly total: number;
  readonly parked: number;
  readonly overdue: number;
  readonly byAge: Readonly<Record<AgeBucket, number>>;
  /** Days the longest-waiting record has waited. */
  readonly oldestDays: number;
}

interface RowAcc {
  total: number;
  parked: number;
  overdue: number;
  byAge: Record<AgeBucket, number>;
  oldestDays: number;
}

const emptyRow = (): RowAcc => ({
  total: 0,
  parked: 0,
  overdue: 0,
  byAge: { '0-7': 0, '8-15': 0, '16-30': 0, '30+': 0 },
  oldestDays: 0,
});

function summarise<K extends string>(
  states: Iterable<PendencyInput>,
  now: number,
  today: string,
  keyOf: (s: PendencyInput) => K | undefined,
): PendencyRow<K>[] {
  const rows = new Map<K, RowAcc>();
  for (const s of states) {
    const key = keyOf(s);
    if (s.status === 'closed' || key === undefined) continue;
    const row = rows.get(key) ?? emptyRow();
    const days = pendingDays(s, now);
    row.total += 1;
    if (s.status === 'parked') row.parked += 1;
    if (isOverdue(s, today)) row.overdue += 1;
    row.byAge[ageBucket(days)] += 1;
    row.oldestDays = Math.max(row.oldestDays, days);
    rows.set(key, row);
  }
  // Worst first: the review meeting starts with whoever has the oldest pendency.
  return [...rows.entries()]
    .map(([key, r]) => ({ key, ...r }))
    .sort((a, b) => b.oldestDays - a.oldestDays || b.total - a.total || (a.key < b.key ? -1 : 1));
}

/** One row per holder with counts by age, for the pendency page. */
export function pendencyByPerson(
  states: Iterable<PendencyInput>,
  now: number,
  today: string,
): PendencyRow<PersonId>[] {
  return summarise(states, now, today, (s) => s.holder);
}

/** One row per office of the holder; `officeOf` reads the directory. */
export function pendencyByOffice(
  states: Iterable<PendencyInput>,
  now: number,
  today: string,
  officeOf: (p: PersonId) => OfficeId | undefined,
): PendencyRow<OfficeId>[] {
  return summarise(states, now, today, (s) => officeOf(s.holder));
}
