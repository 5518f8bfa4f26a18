import type { Directory } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import {
  buildReview,
  mayAffectReview,
  officeLookup,
  reviewItemOf,
  trendStart,
} from '@domain/review.ts';
import type { ReviewItem, ReviewReach, ReviewReport } from '@domain/review.ts';
import type { PendencyQuery } from '@protocol/reports.ts';
import { KV_KEYS, readKv } from './db.ts';
import type { PatravaliDb, RecordSummary } from './db.ts';
import { recordStatesQuery } from './queries.ts';

/**
 * Review (pendency) views computed on the device from its own records, so a
 * tehsil's review opens offline. The projection (`records`) picks the records
 * that can matter; each is folded from its updates for hops and clock flags;
 * the domain's `buildReview` — the server's function too — does the rest.
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

/** Review items for the device's records that may appear in a report for `query`. */
export async function deviceReviewItems(
  db: PatravaliDb,
  query: PendencyQuery,
  now: number,
): Promise<ReviewItem[]> {
  const start = trendStart(now, query.weeks);
  const items: (ReviewItem | RecordId)[] = [];
  await db.records.each((r) => {
    if (mayAffectReview(r, query.filter, start)) items.push(itemOfRow(r) ?? r.id);
  });
  // Rows from builds before the spans projection are folded from their updates.
  const unfolded = items.filter((i): i is RecordId => typeof i === 'string');
  const folded = new Map(
    (await recordStatesQuery(db, unfolded, now)).map((s) => [s.meta.id, reviewItemOf(s)]),
  );
  return items.flatMap((i) => (typeof i === 'string' ? (folded.get(i) ?? []) : [i]));
}

/** The review item straight from the projection row, when the row has its spans. */
function itemOfRow(r: RecordSummary): ReviewItem | null {
  if (r.spans === undefined) return null;
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    subject: r.subject,
    category: r.category,
    office: r.office,
    holder: r.holder,
    holderSince: r.holderSince,
    holderSinceVerified: r.holderSinceVerified,
    status: r.status,
    priority: r.priority,
    dueDate: r.dueDate,
    spans: r.spans,
  };
}

export interface DeviceReviewInput {
  readonly directory: Directory;
  readonly reach: ReviewReach;
  readonly query: PendencyQuery;
  /** The corrected clock (see correctedClock). */
  readonly now: number;
}

/** The report for `reach` over this device's records (a tehsil or desk view, offline). */
export async function deviceReview(
  db: PatravaliDb,
  input: DeviceReviewInput,
): Promise<ReviewReport> {
  const items = await deviceReviewItems(db, input.query, input.now);
  return buildReview(items, {
    now: input.now,
    officeOf: officeLookup(input.directory),
    reach: input.reach,
    filter: input.query.filter,
    weeks: input.query.weeks,
  });
}
