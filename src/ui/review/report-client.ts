import { REPORTS_API, REPORT_VERSION, pendencyQueryString } from '@protocol/reports.ts';
import type { PendencyQuery, PendencyReportResponse } from '@protocol/reports.ts';

/**
 * Fetches the pendency report from the server. The network is passed in
 * (`fetch` in the app, a fake in tests); failures throw so the caller
 * (storage/review/review-cache.ts `loadReport`) falls back to the cached copy.
 */

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string> },
) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}>;

export class ReportRequestError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`pendency report refused (${status}): ${detail}`);
    this.name = 'ReportRequestError';
  }
}

export async function fetchPendencyReport(
  fetchFn: FetchLike,
  origin: string,
  token: string,
  query: Partial<PendencyQuery>,
): Promise<PendencyReportResponse> {
  const url = `${origin}${REPORTS_API.pendency}${pendencyQueryString(query)}`;
  const res = await fetchFn(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (!res.ok) {
    const detail =
      typeof body === 'object' && body !== null && 'detail' in body ? String(body.detail) : '';
    throw new ReportRequestError(res.status, detail);
  }
  // A server of another report format: refuse rather than show wrong numbers.
  const version =
    typeof body === 'object' && body !== null && 'version' in body ? body.version : null;
  if (version !== REPORT_VERSION)
    throw new ReportRequestError(
      res.status,
      `report version ${String(version)}, expected ${REPORT_VERSION}`,
    );
  return body as PendencyReportResponse;
}
