import type { Directory } from '@domain/directory.ts';
import { withheldFrom } from '@domain/grades.ts';
import type { PersonId } from '@domain/ids.ts';
import { buildReview, mayAffectReview, officeLookup, trendStart } from '@domain/review.ts';
import type { ReviewItem, ReviewReach } from '@domain/review.ts';
import { REPORT_VERSION } from '@protocol/reports.ts';
import type { PendencyQuery, PendencyReportResponse } from '@protocol/reports.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * The pendency report from the server's projection: the `summaries` rows
 * (each record's projection row, with its stays with each holder, made by the
 * devices' own fold when the record was committed) that can matter — pending,
 * or closed within the trend's window — are the review items, and the
 * domain's `buildReview`, the device's function, does the rest. Nothing is
 * folded and no record's updates are read.
 */

export interface ReportInput {
  readonly storage: ServerStorage;
  readonly directory: Directory;
  readonly reach: ReviewReach;
  /** Who reads it: confidential records off their access list come without subject. */
  readonly viewer: PersonId;
  readonly query: PendencyQuery;
  readonly now: number;
}

/**
 * Review items: the projection rows that may appear in the report, a
 * confidential or secret one without its subject unless the viewer is on its
 * access list (it still counts where it is pending: pendency is honest).
 */
async function projectionItems(input: ReportInput): Promise<ReviewItem[]> {
  const start = trendStart(input.now, input.query.weeks);
  const rows = await input.storage.summaries(null);
  return rows
    .filter((r) => mayAffectReview(r, input.query.filter, start))
    .map((r) => withheldFrom(r, input.viewer));
}

export async function pendencyReport(input: ReportInput): Promise<PendencyReportResponse> {
  const items = await projectionItems(input);
  const report = buildReview(items, {
    now: input.now,
    officeOf: officeLookup(input.directory),
    reach: input.reach,
    filter: input.query.filter,
    weeks: input.query.weeks,
  });
  return { version: REPORT_VERSION, asOf: input.now, report };
}
