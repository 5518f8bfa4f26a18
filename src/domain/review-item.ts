import type { Directory } from './directory.ts';
import type { Priority } from './events.ts';
import type { OfficeId, PersonId, RecordId } from './ids.ts';
import type { Category, RecordKind, RecordState, RecordStatus } from './record.ts';
import { weekEnds } from './review-trend.ts';

/**
 * What the review needs of one record (ReviewItem), built from a folded
 * RecordState on the device and on the server alike, and the cheap checks
 * both use to fold only the records that can appear in a report.
 */

/** One stay with one holder, for the trend. */
export interface ReviewSpan {
  readonly holder: PersonId;
  readonly since: number;
  /** When the record left this holder or was closed; null while still there. */
  readonly until: number | null;
}

/** What the review needs of one record; built from a folded RecordState. */
export interface ReviewItem {
  readonly id: RecordId;
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly category: Category;
  /** The record's own office (where it was opened). */
  readonly office: OfficeId;
  readonly holder: PersonId;
  readonly holderSince: number;
  readonly holderSinceVerified: boolean;
  readonly status: RecordStatus;
  readonly priority: Priority;
  readonly dueDate: string | null;
  readonly spans: readonly ReviewSpan[];
}

/**
 * The record's stays with each holder. Hops do not record when a record was
 * closed; its last activity is the closest honest bound (closed records take
 * no further movements).
 */
export function reviewSpansOf(state: RecordState): ReviewSpan[] {
  const last = state.hops.length - 1;
  return state.hops.map((h, i) => ({
    holder: h.holder,
    since: h.since,
    until: i === last && state.status === 'closed' ? state.lastActivity : h.until,
  }));
}

export function reviewItemOf(state: RecordState): ReviewItem {
  const { meta } = state;
  return {
    id: meta.id,
    kind: meta.kind,
    number: meta.number,
    subject: meta.subject,
    category: meta.category,
    office: meta.office,
    holder: state.holder,
    holderSince: state.holderSince,
    holderSinceVerified: state.holderSinceVerified,
    status: state.status,
    priority: state.priority,
    dueDate: state.dueDate,
    spans: reviewSpansOf(state),
  };
}

/** Filters of the review; an absent field means "all". */
export interface ReviewFilter {
  readonly category?: Category;
  readonly priority?: Priority;
  /** The office the record is pending in (its holder's office). */
  readonly office?: OfficeId;
  readonly kind?: RecordKind;
}

/** Matches the filter on everything but the office (which depends on when). */
export function matchesAttributes(
  item: Pick<ReviewItem, 'category' | 'priority' | 'kind'>,
  filter: ReviewFilter,
): boolean {
  return (
    (filter.category === undefined || item.category === filter.category) &&
    (filter.priority === undefined || item.priority === filter.priority) &&
    (filter.kind === undefined || item.kind === filter.kind)
  );
}

/** The IST-independent instant of the trend's first week end. */
export function trendStart(now: number, weeks: number): number {
  return weekEnds(now, weeks)[0] ?? now;
}

/**
 * Whether a record can show up anywhere in a report, judged from its summary
 * alone, so callers fold only these: pending now, or closed after the trend's
 * first week end, and matching the attribute filters.
 */
export function mayAffectReview(
  summary: Pick<ReviewItem, 'status' | 'category' | 'priority' | 'kind'> & {
    readonly lastActivity: number;
  },
  filter: ReviewFilter,
  start: number,
): boolean {
  if (!matchesAttributes(summary, filter)) return false;
  return summary.status !== 'closed' || summary.lastActivity > start;
}

/** `officeOf` over a directory. */
export function officeLookup(directory: Directory): (p: PersonId) => OfficeId | undefined {
  const offices = new Map(directory.people.map((p) => [p.id, p.office] as const));
  return (p) => offices.get(p);
}
