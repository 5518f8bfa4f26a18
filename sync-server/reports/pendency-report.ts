import { loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import { logOf } from '@domain/record-log.ts';
import type { Directory } from '@domain/directory.ts';
import {
  buildReview,
  mayAffectReview,
  officeLookup,
  reviewItemOf,
  trendStart,
} from '@domain/review.ts';
import type { ReviewItem, ReviewReach } from '@domain/review.ts';
import { REPORT_VERSION } from '@protocol/reports.ts';
import type { PendencyQuery, PendencyReportResponse } from '@protocol/reports.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * The pendency report from the server's projection: the `summaries` table
 * picks the records that can matter (pending, or closed within the trend's
 * window), each is folded with the devices' own fold for its hops and clock
 * flags, and the domain's `buildReview` — the device's function — does the rest.
 */

export interface ReportInput {
  readonly storage: ServerStorage;
  readonly directory: Directory;
  readonly reach: ReviewReach;
  readonly query: PendencyQuery;
  readonly now: number;
}

async function foldItem(
  storage: ServerStorage,
  recordId: ReviewItem['id'],
  now: number,
): Promise<ReviewItem | null> {
  const doc = loadRecordDoc([await storage.recordState(recordId)]);
  try {
    const state = readRecordState(doc, now, logOf(await storage.recordLog(recordId)));
    return state === null ? null : reviewItemOf(state);
  } finally {
    doc.destroy();
  }
}

/** Review items for every record in the projection that may appear in the report. */
export async function projectionItems(
  storage: ServerStorage,
  query: PendencyQuery,
  now: number,
): Promise<ReviewItem[]> {
  const start = trendStart(now, query.weeks);
  const summaries = await storage.summaries(null);
  const items: ReviewItem[] = [];
  for (const s of summaries) {
    if (!mayAffectReview(s, query.filter, start)) continue;
    const item = await foldItem(storage, s.recordId, now);
    if (item !== null) items.push(item);
  }
  return items;
}

export async function pendencyReport(input: ReportInput): Promise<PendencyReportResponse> {
  const items = await projectionItems(input.storage, input.query, input.now);
  const report = buildReview(items, {
    now: input.now,
    officeOf: officeLookup(input.directory),
    reach: input.reach,
    filter: input.query.filter,
    weeks: input.query.weeks,
  });
  return { version: REPORT_VERSION, asOf: input.now, report };
}
