import type { Directory } from './directory.ts';
import type { Priority } from './events.ts';
import type { OfficeId, PersonId } from './ids.ts';
import type { RecordRow } from './projection.ts';
import type { Category, RecordKind } from './record.ts';
import { weekEnds } from './review-trend.ts';

/**
 * What the review needs of one record (ReviewItem): a part of its projection
 * row (projection.ts), which the device and the server both keep, and the
 * cheap checks both use to pick the rows that can appear in a report.
 */

/** What the review needs of one record: any projection row will do. */
export type ReviewItem = Pick<
  RecordRow,
  | 'id'
  | 'kind'
  | 'number'
  | 'subject'
  | 'category'
  | 'office'
  | 'holder'
  | 'holderSince'
  | 'holderSinceVerified'
  | 'status'
  | 'priority'
  | 'dueDate'
  | 'spans'
  | 'letters'
>;

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
