import type { PersonId } from '@domain/ids.ts';
import { REPORT_VERSION, pendencyQueryString } from '@protocol/reports.ts';
import type { PendencyQuery, PendencyReportResponse } from '@protocol/reports.ts';
import type { PatravaliDb } from '../db/db.ts';

/**
 * The pendency report from the server, cached for offline review.
 *
 * What is stored where:
 * - `reviewCache` one row per (person, query): key `pendency:<person><?query>`,
 *   the server's PendencyReportResponse as `value` (its `asOf` is the server
 *   time it was computed) and `savedAt`, the device time it was fetched.
 *   Rows are per person, so on a shared tablet one officer's district view is
 *   never shown to the next person; `clearReviewCache` drops a person's rows.
 */

export interface CachedReport {
  readonly response: PendencyReportResponse;
  /** Device time when it was fetched. */
  readonly savedAt: number;
}

export function reviewCacheKey(person: PersonId, query: Partial<PendencyQuery> = {}): string {
  return `pendency:${person}${pendencyQueryString(query)}`;
}

/** True for a response this build can read; anything else in the cache is ignored. */
function isCurrentResponse(v: unknown): v is PendencyReportResponse {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<PendencyReportResponse>;
  return (
    r.version === REPORT_VERSION &&
    typeof r.asOf === 'number' &&
    typeof r.report === 'object' &&
    r.report !== null
  );
}

export async function saveCachedReport(
  db: PatravaliDb,
  person: PersonId,
  query: Partial<PendencyQuery>,
  response: PendencyReportResponse,
  savedAt: number,
): Promise<void> {
  await db.reviewCache.put({ key: reviewCacheKey(person, query), savedAt, value: response });
}

export async function readCachedReport(
  db: PatravaliDb,
  person: PersonId,
  query: Partial<PendencyQuery> = {},
): Promise<CachedReport | null> {
  const row = await db.reviewCache.get(reviewCacheKey(person, query));
  if (row === undefined || !isCurrentResponse(row.value)) return null;
  return { response: row.value, savedAt: row.savedAt };
}

export async function clearReviewCache(db: PatravaliDb, person: PersonId): Promise<void> {
  await db.reviewCache.where('key').startsWith(`pendency:${person}`).delete();
}

export type ReportOutcome =
  | { readonly source: 'server'; readonly report: CachedReport }
  /** The server could not be reached; the last cached copy (if any) with the error. */
  | { readonly source: 'cache'; readonly report: CachedReport | null; readonly error: unknown };

/**
 * Fetches a fresh report and caches it; when that fails (offline, server
 * down), answers with the cached copy so the review still opens, "as of" its time.
 */
export async function loadReport(
  db: PatravaliDb,
  person: PersonId,
  query: Partial<PendencyQuery>,
  fetchReport: () => Promise<PendencyReportResponse>,
  now: () => number,
): Promise<ReportOutcome> {
  let response: PendencyReportResponse;
  try {
    response = await fetchReport();
  } catch (error) {
    return { source: 'cache', report: await readCachedReport(db, person, query), error };
  }
  const savedAt = now();
  await saveCachedReport(db, person, query, response, savedAt);
  return { source: 'server', report: { response, savedAt } };
}
