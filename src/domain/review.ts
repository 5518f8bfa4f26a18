import { istDate } from './calendar.ts';
import type { Priority } from './events.ts';
import type { OfficeId, PersonId, RecordId } from './ids.ts';
import { ageBucket, isOverdue, pendingDays } from './pendency.ts';
import {
  addLetterPendency,
  letterPendency,
  NO_LETTER_PENDENCY,
  type LetterPendency,
} from './letter-pendency.ts';
import type { AgeBucket } from './pendency.ts';
import type { Category, RecordKind, RecordStatus } from './record.ts';
import { matchesAttributes } from './review-item.ts';
import type { ReviewReach } from './review-reach.ts';
import type { ReviewFilter, ReviewItem } from './review-item.ts';
import { pendingTrend, weekEnds } from './review-trend.ts';
import type { TrendPoint } from './review-trend.ts';

export { matchesAttributes, mayAffectReview, officeLookup, trendStart } from './review-item.ts';
export { reviewReachOf, type ReviewReach } from './review-reach.ts';
export type { ReviewFilter, ReviewItem } from './review-item.ts';
export type { ReviewSpan } from './projection.ts';

/**
 * The review (समीक्षा) model: who holds which pending file or receipt, since
 * when, in age buckets and against due dates, per person and per office, with
 * drill-down lists and a weekly trend. Pure: the device (over its own records)
 * and the server (over its projection) call the same `buildReview`, so their
 * numbers agree. `now` is the corrected clock (device time + server offset).
 */

/** Which records a drill-down lists. */
export type ReviewCell =
  | AgeBucket
  | 'total'
  | 'overdue'
  | 'unverified'
  /** Records with a draft letter awaiting approval, or an approved one awaiting dispatch. */
  | 'lettersAwaitingApproval'
  | 'lettersApproved';

/** One pending record as the review lists it. */
export interface ReviewRecord {
  readonly id: RecordId;
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly category: Category;
  readonly office: OfficeId;
  readonly holder: PersonId;
  /** The holder's office (null if the holder is not in the directory). */
  readonly holderOffice: OfficeId | null;
  readonly since: number;
  readonly days: number;
  readonly bucket: AgeBucket;
  readonly overdue: boolean;
  readonly dueDate: string | null;
  readonly priority: Priority;
  readonly status: RecordStatus;
  /** Its "since" is an uncorrected device time (DESIGN.md invariant 4). */
  readonly unverified: boolean;
  /** Its draft letters awaiting approval or dispatch, with their oldest ages. */
  readonly letters: LetterPendency;
}

export type AgeCounts = Readonly<Record<AgeBucket, number>>;

export interface ReviewRow<K extends string> {
  readonly key: K;
  readonly total: number;
  readonly files: number;
  readonly receipts: number;
  readonly parked: number;
  readonly overdue: number;
  readonly unverified: number;
  readonly oldestDays: number;
  readonly byAge: AgeCounts;
  readonly byKindAge: Readonly<Record<RecordKind, AgeCounts>>;
  /** Draft letters of these records awaiting approval or dispatch (counts, oldest ages). */
  readonly letters: LetterPendency;
}

export interface ReviewReport {
  /** The clock the report was computed at (ms). */
  readonly asOf: number;
  /** `asOf` as an IST calendar date; overdue is judged against it. */
  readonly today: string;
  readonly reach: ReviewReach;
  readonly filter: ReviewFilter;
  readonly byPerson: readonly ReviewRow<PersonId>[];
  readonly byOffice: readonly ReviewRow<OfficeId>[];
  /** Every pending record in reach and filter, longest-waiting first. */
  readonly records: readonly ReviewRecord[];
  readonly trend: readonly TrendPoint[];
}

export interface ReviewOptions {
  readonly now: number;
  readonly officeOf: (person: PersonId) => OfficeId | undefined;
  readonly reach: ReviewReach;
  readonly filter: ReviewFilter;
  /** How many week ends the trend covers (the last one is `now`). */
  readonly weeks: number;
}

export const DEFAULT_TREND_WEEKS = 8;
export const MAX_TREND_WEEKS = 52;

function inReach(reach: ReviewReach, holder: PersonId, office: OfficeId | undefined): boolean {
  if (reach.kind === 'district') return true;
  if (reach.kind === 'desk') return holder === reach.person;
  return office !== undefined && reach.offices.includes(office);
}

/** True when a record pending with `holder` (in `office`) belongs in the report. */
export function holderVisible(
  holder: PersonId,
  office: OfficeId | undefined,
  reach: ReviewReach,
  filter: ReviewFilter,
): boolean {
  return (
    inReach(reach, holder, office) && (filter.office === undefined || office === filter.office)
  );
}

function toRecord(item: ReviewItem, now: number, today: string, office: OfficeId | undefined) {
  const days = pendingDays(item, now);
  const record: ReviewRecord = {
    id: item.id,
    kind: item.kind,
    number: item.number,
    subject: item.subject,
    category: item.category,
    office: item.office,
    holder: item.holder,
    holderOffice: office ?? null,
    since: item.holderSince,
    days,
    bucket: ageBucket(days),
    overdue: isOverdue(item, today),
    dueDate: item.dueDate,
    priority: item.priority,
    status: item.status,
    unverified: !item.holderSinceVerified,
    letters: letterPendency(item.letters, now),
  };
  return record;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Pending records in reach and filter, longest-waiting first (ties by number, id). */
export function reviewRecords(items: Iterable<ReviewItem>, opts: ReviewOptions): ReviewRecord[] {
  const today = istDate(opts.now);
  const out: ReviewRecord[] = [];
  for (const item of items) {
    if (item.status === 'closed' || !matchesAttributes(item, opts.filter)) continue;
    const office = opts.officeOf(item.holder);
    if (!holderVisible(item.holder, office, opts.reach, opts.filter)) continue;
    out.push(toRecord(item, opts.now, today, office));
  }
  return out.sort((a, b) => a.since - b.since || cmp(a.number, b.number) || cmp(a.id, b.id));
}

const zeroAges = (): Record<AgeBucket, number> => ({ '0-7': 0, '8-15': 0, '16-30': 0, '30+': 0 });

type MutableRow = { -readonly [P in keyof ReviewRow<string>]: ReviewRow<string>[P] } & {
  byAge: Record<AgeBucket, number>;
  byKindAge: Record<RecordKind, Record<AgeBucket, number>>;
};

function emptyRow(key: string): MutableRow {
  return {
    key,
    total: 0,
    files: 0,
    receipts: 0,
    parked: 0,
    overdue: 0,
    unverified: 0,
    oldestDays: 0,
    byAge: zeroAges(),
    byKindAge: { file: zeroAges(), receipt: zeroAges() },
    letters: NO_LETTER_PENDENCY,
  };
}

function addToRow(row: MutableRow, r: ReviewRecord): void {
  row.total += 1;
  if (r.kind === 'file') row.files += 1;
  else row.receipts += 1;
  if (r.status === 'parked') row.parked += 1;
  if (r.overdue) row.overdue += 1;
  if (r.unverified) row.unverified += 1;
  row.oldestDays = Math.max(row.oldestDays, r.days);
  row.byAge[r.bucket] += 1;
  row.byKindAge[r.kind][r.bucket] += 1;
  row.letters = addLetterPendency(row.letters, r.letters);
}

/** Rows keyed by `keyOf`, worst first: the meeting starts with the oldest pendency. */
export function reviewRows<K extends string>(
  records: readonly ReviewRecord[],
  keyOf: (r: ReviewRecord) => K | null,
): ReviewRow<K>[] {
  const rows = new Map<K, MutableRow>();
  for (const r of records) {
    const key = keyOf(r);
    if (key === null) continue;
    const row = rows.get(key) ?? emptyRow(key);
    addToRow(row, r);
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => row as ReviewRow<string> as ReviewRow<K>)
    .sort((a, b) => b.oldestDays - a.oldestDays || b.total - a.total || cmp(a.key, b.key));
}

/** The whole report, as both the device and the server compute it. */
export function buildReview(items: readonly ReviewItem[], opts: ReviewOptions): ReviewReport {
  const records = reviewRecords(items, opts);
  const trendItems = items.filter((i) => matchesAttributes(i, opts.filter));
  const visible = (holder: PersonId, office: OfficeId | undefined): boolean =>
    holderVisible(holder, office, opts.reach, opts.filter);
  return {
    asOf: opts.now,
    today: istDate(opts.now),
    reach: opts.reach,
    filter: opts.filter,
    byPerson: reviewRows(records, (r) => r.holder),
    byOffice: reviewRows(records, (r) => r.holderOffice),
    records,
    trend: pendingTrend(trendItems, weekEnds(opts.now, opts.weeks), opts.officeOf, visible),
  };
}

/** The records behind one count: a person's or office's row and a column. */
export function drillDown(
  records: readonly ReviewRecord[],
  by: 'person' | 'office',
  key: string,
  cell: ReviewCell,
): ReviewRecord[] {
  return records.filter((r) => {
    if ((by === 'person' ? r.holder : r.holderOffice) !== key) return false;
    if (cell === 'total') return true;
    if (cell === 'overdue') return r.overdue;
    if (cell === 'unverified') return r.unverified;
    if (cell === 'lettersAwaitingApproval') return r.letters.awaitingApproval > 0;
    if (cell === 'lettersApproved') return r.letters.approvedNotDispatched > 0;
    return r.bucket === cell;
  });
}
