import type { Directory } from '@domain/directory.ts';
import { withheldFrom } from '@domain/grades.ts';
import type { PersonId } from '@domain/ids.ts';
import { buildReview, mayAffectReview, officeLookup, trendStart } from '@domain/review.ts';
import type { ReviewItem, ReviewReach, ReviewReport } from '@domain/review.ts';
import type { PendencyQuery } from '@protocol/reports.ts';
import { KV_KEYS, readKv } from '../db/db.ts';
import type { PatravaliDb } from '../db/db.ts';
import { reviewRows } from './review-rows.ts';

/**
 * Review (pendency) views computed on the device from its own records, so a
 * tehsil's review opens offline. The projection rows (`records`, with each
 * record's stays with its holders) are the review items; the domain's
 * `buildReview` — the server's function too — does the rest. Nothing is folded.
 */

export interface CorrectedClock {
  /** Device time corrected by the server offset, when one is known. */
  readonly now: number;
  /** False until the sync engine has stored an offset: pendency is then in device time. */
  readonly verified: boolean;
}

/** The clock pendency is measured on (DESIGN.md invariant 4). */
export async function correctedClock(db: PatravaliDb, deviceNow: number): Promise<CorrectedClock> {
  const offset = await readKv<number>(db, KV_KEYS.clockOffset);
  return typeof offset === 'number'
    ? { now: deviceNow + offset, verified: true }
    : { now: deviceNow, verified: false };
}

/**
 * Review items for the device's records that may appear in a report for
 * `query`; a confidential or secret one without its subject unless `viewer` is
 * on its access list (a shared tablet holds others' records; the server's
 * report does the same).
 */
export async function deviceReviewItems(
  db: PatravaliDb,
  query: PendencyQuery,
  now: number,
  viewer: PersonId,
): Promise<ReviewItem[]> {
  const start = trendStart(now, query.weeks);
  const items: ReviewItem[] = [];
  for (const r of await reviewRows(db)) {
    if (mayAffectReview(r, query.filter, start)) items.push(withheldFrom(r, viewer));
  }
  return items;
}

export interface DeviceReviewInput {
  readonly directory: Directory;
  readonly reach: ReviewReach;
  readonly query: PendencyQuery;
  /** The corrected clock (see correctedClock). */
  readonly now: number;
  /** Who is looking: subjects of records they may not read are withheld. */
  readonly viewer: PersonId;
}

/** The report for `reach` over this device's records (a tehsil or desk view, offline). */
export async function deviceReview(
  db: PatravaliDb,
  input: DeviceReviewInput,
): Promise<ReviewReport> {
  const items = await deviceReviewItems(db, input.query, input.now, input.viewer);
  return buildReview(items, {
    now: input.now,
    officeOf: officeLookup(input.directory),
    reach: input.reach,
    filter: input.query.filter,
    weeks: input.query.weeks,
  });
}
