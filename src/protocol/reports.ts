import { asOfficeId } from '@domain/ids.ts';
import type { OfficeId } from '@domain/ids.ts';
import { PRIORITIES } from '@domain/events.ts';
import type { Priority } from '@domain/events.ts';
import { CATEGORIES } from '@domain/record.ts';
import type { Category, RecordKind } from '@domain/record.ts';
import { err, ok } from '@domain/result.ts';
import type { Result } from '@domain/result.ts';
import { DEFAULT_TREND_WEEKS, MAX_TREND_WEEKS } from '@domain/review.ts';
import type { ReviewFilter, ReviewReport } from '@domain/review.ts';

/**
 * The pendency report endpoint, shared by device and server:
 * `GET /api/reports/pendency?category=&priority=&office=&kind=&weeks=` with a
 * bearer token returns a PendencyReportResponse (JSON). The report is the
 * domain's ReviewReport, computed by the same `buildReview` the device runs.
 */

export const REPORTS_API = {
  pendency: '/api/reports/pendency',
} as const;

/** Bump when the report's JSON shape changes; cached copies of another version are dropped. */
// 2: rows and records carry `letters` (draft letters awaiting approval or dispatch).
export const REPORT_VERSION = 2;

export interface PendencyReportResponse {
  readonly version: number;
  /** Server time when the report was computed (ms); shown as "as of". */
  readonly asOf: number;
  readonly report: ReviewReport;
}

export interface PendencyQuery {
  readonly filter: ReviewFilter;
  readonly weeks: number;
}

export const QUERY_PARAMS = ['category', 'priority', 'office', 'kind', 'weeks'] as const;
type QueryParam = (typeof QUERY_PARAMS)[number];

const KINDS: readonly RecordKind[] = ['file', 'receipt'];
const OFFICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function oneOf<T extends string>(name: string, values: readonly T[], v: string): Result<T, string> {
  return (values as readonly string[]).includes(v)
    ? ok(v as T)
    : err(`${name} must be one of ${values.join(', ')}`);
}

function parseWeeks(v: string | undefined): Result<number, string> {
  if (v === undefined) return ok(DEFAULT_TREND_WEEKS);
  const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TREND_WEEKS)
    return err(`weeks must be a whole number from 1 to ${MAX_TREND_WEEKS}`);
  return ok(n);
}

function single(
  query: Readonly<Record<string, unknown>>,
  key: QueryParam,
): Result<string | undefined, string> {
  const v = query[key];
  if (v === undefined) return ok(undefined);
  if (typeof v !== 'string') return err(`${key} may be given once`);
  if (v.length === 0) return err(`${key} must not be empty`);
  return ok(v);
}

/** Checks the query string (already split into an object); clear messages for a 400. */
export function parsePendencyQuery(
  query: Readonly<Record<string, unknown>>,
): Result<PendencyQuery, string> {
  const unknown = Object.keys(query).filter(
    (k) => !(QUERY_PARAMS as readonly string[]).includes(k),
  );
  if (unknown.length > 0)
    return err(`unknown parameter ${unknown.join(', ')}; use ${QUERY_PARAMS.join(', ')}`);
  const values: Partial<Record<QueryParam, string>> = {};
  for (const key of QUERY_PARAMS) {
    const v = single(query, key);
    if (!v.ok) return v;
    if (v.value !== undefined) values[key] = v.value;
  }
  const filter: {
    category?: Category;
    priority?: Priority;
    office?: OfficeId;
    kind?: RecordKind;
  } = {};
  if (values.category !== undefined) {
    const c = oneOf('category', CATEGORIES, values.category);
    if (!c.ok) return c;
    filter.category = c.value;
  }
  if (values.priority !== undefined) {
    const p = oneOf('priority', PRIORITIES, values.priority);
    if (!p.ok) return p;
    filter.priority = p.value;
  }
  if (values.kind !== undefined) {
    const k = oneOf('kind', KINDS, values.kind);
    if (!k.ok) return k;
    filter.kind = k.value;
  }
  if (values.office !== undefined) {
    if (!OFFICE_ID.test(values.office)) return err('office must be an office id');
    filter.office = asOfficeId(values.office);
  }
  const weeks = parseWeeks(values.weeks);
  if (!weeks.ok) return weeks;
  return ok({ filter, weeks: weeks.value });
}

/** The query string for a request (`?…`, or empty), in a fixed parameter order. */
export function pendencyQueryString(q: Partial<PendencyQuery>): string {
  const f = q.filter ?? {};
  const pairs: [string, string | undefined][] = [
    ['category', f.category],
    ['priority', f.priority],
    ['office', f.office],
    ['kind', f.kind],
    ['weeks', q.weeks === undefined ? undefined : String(q.weeks)],
  ];
  // encodeURIComponent, not URLSearchParams: this layer uses no platform APIs.
  const parts = pairs.flatMap(([k, v]) =>
    v === undefined ? [] : [`${k}=${encodeURIComponent(v)}`],
  );
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
