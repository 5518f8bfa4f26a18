import { isIsoDate, istDate } from './calendar.ts';

/**
 * The records life cycle at closing (issue 17): each closed file gets a
 * retention category of the record retention schedule (DARPG, CSMOP) and a
 * review date, carried by the signed `closed` event:
 *
 * - A: keep permanently and microfilm;
 * - B: keep permanently, no microfilm;
 * - C-n: keep for n years (1 to 10), then weed.
 *
 * A and B files are reviewed after 25 years for transfer to the archives (the
 * Public Records Rules' 25 years); a C-n file is due for weeding n years after
 * it was closed. The person closing the file may move the review date later,
 * never before that (a file is not weeded before its period ends) and never
 * more than a century ahead.
 */

export const RETENTION_CATEGORIES = [
  'A',
  'B',
  'C-1',
  'C-2',
  'C-3',
  'C-4',
  'C-5',
  'C-6',
  'C-7',
  'C-8',
  'C-9',
  'C-10',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** Years after closing when an A or B file is reviewed for transfer to the archives. */
export const PERMANENT_REVIEW_YEARS = 25;
/** The furthest a review date may lie after closing. */
export const MAX_REVIEW_YEARS = 100;

export function isRetentionCategory(v: unknown): v is RetentionCategory {
  return typeof v === 'string' && (RETENTION_CATEGORIES as readonly string[]).includes(v);
}

/** Kept for good (A, B) or weeded after its years (C-n). */
export function isPermanent(category: RetentionCategory): boolean {
  return category === 'A' || category === 'B';
}

/** Years from closing to the review (A, B) or the weeding (C-n). */
export function retentionYears(category: RetentionCategory): number {
  return isPermanent(category) ? PERMANENT_REVIEW_YEARS : Number(category.slice(2));
}

/** `YYYY-MM-DD` plus whole years; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** The review date the schedule gives a file of `category` closed on `closedOn`. */
export function defaultReviewDate(category: RetentionCategory, closedOn: string): string {
  return addYears(closedOn, retentionYears(category));
}

/** What a close carries about retention, as it arrives (not yet trusted). */
export interface RetentionFields {
  readonly retention?: unknown;
  readonly reviewDate?: unknown;
}

/**
 * Why a close's retention fields are not acceptable, or null. Both fields or
 * neither (a close by an older build carries none). `closedAtMs` is the close
 * event's own time, so the device and the server judge the same dates.
 */
export function retentionProblem(x: RetentionFields, closedAtMs: number): string | null {
  const has = (k: keyof RetentionFields) => Object.hasOwn(x, k);
  if (!has('retention') && !has('reviewDate')) return null;
  if (!has('retention') || !has('reviewDate'))
    return 'a retention category and a review date go together';
  const { retention, reviewDate } = x;
  if (!isRetentionCategory(retention))
    return `unknown retention category "${String(retention).slice(0, 20)}": one of A, B, C-1 … C-10`;
  if (!isIsoDate(reviewDate)) return 'the review date must be a date YYYY-MM-DD';
  const closedOn = istDate(closedAtMs);
  const earliest = isPermanent(retention) ? closedOn : defaultReviewDate(retention, closedOn);
  if (reviewDate < earliest)
    return isPermanent(retention)
      ? `the review date ${reviewDate} is before the file was closed (${closedOn})`
      : `a ${retention} file may not be weeded before ${earliest}`;
  if (reviewDate > addYears(closedOn, MAX_REVIEW_YEARS))
    return `the review date ${reviewDate} is more than ${MAX_REVIEW_YEARS} years after closing`;
  return null;
}
