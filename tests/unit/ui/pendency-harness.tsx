// A device for the Pendency page tests: the app as harness.tsx mounts it, but with
// a fetch that also answers GET /api/reports/pendency from a fake report (or fails,
// like a dropped network), and helpers to build district reports with the domain's
// own buildReview on fixed records.
import type { PersonId, RecordId } from '@domain/ids.ts';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { buildReview, officeLookup, type ReviewItem } from '@domain/review.ts';
import { REPORTS_API, REPORT_VERSION, type PendencyReportResponse } from '@protocol/reports.ts';
import { DIRECTORY } from './fixtures.ts';
import { DAY, newDevice, START, type Device } from './harness.tsx';

export interface ReportServer {
  /** While false, report requests fail as a dropped network would. */
  online: boolean;
  /**
   * While true, report requests neither fail nor answer (Wi-Fi up, the link beyond it
   * down) until the app gives them up.
   */
  hang: boolean;
  /** The answer to the next report requests, given the query string. */
  answer: (search: string) => PendencyReportResponse;
  readonly requests: string[];
}

export type PendencyDevice = Device & { readonly reports: ReportServer };

/** harness.tsx's device, whose fetch also answers the pendency report endpoint. */
export function newPendencyDevice(
  answer: ReportServer['answer'],
  options: { readonly answerTimeoutMs?: number } = {},
): PendencyDevice {
  const reports: ReportServer = { online: true, hang: false, answer, requests: [] };
  const wrapFetch =
    (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : String(input));
      if (url.pathname !== REPORTS_API.pendency) return inner(input, init);
      if (!reports.online) throw new TypeError('Failed to fetch');
      if (reports.hang)
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        );
      reports.requests.push(url.search);
      return new Response(JSON.stringify(reports.answer(url.search)), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
  // The same object, not a copy: mount() replaces device.user on it.
  return Object.assign(newDevice({ ...options, wrapFetch }), { reports });
}

/** A pending record as the server's projection would give it to buildReview. */
export function item(
  n: number,
  holder: PersonId,
  daysAgo: number,
  fields: Partial<ReviewItem> = {},
): ReviewItem {
  const since = START - daysAgo * DAY;
  return {
    id: asRecordId(`00000000-0000-4000-8000-7000000000${String(n).padStart(2, '0')}`),
    kind: 'file',
    number: `VKN/REV/2026/3-${n}`,
    subject: `विषय ${n}`,
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    holder,
    holderSince: since,
    holderSinceVerified: true,
    status: 'active',
    priority: 'normal',
    dueDate: null,
    spans: [{ holder, since, until: null }],
    letters: { awaitingApproval: [], approvedNotDispatched: [] },
    ...fields,
  };
}

export const TEHSILDAR_ID = asPersonId('tehsildar.vikasnagar');
export const CLERK_ID = asPersonId('clerk.vikasnagar');
export const DM_ID = asPersonId('dm.dehradun');

/** The district as the fake server knows it: not one of these records is on the test device. */
export const DISTRICT_ITEMS: readonly ReviewItem[] = [
  item(1, TEHSILDAR_ID, 20, { subject: 'भूमि सीमांकन, ग्राम ढकरानी', dueDate: '2026-11-10' }),
  item(2, CLERK_ID, 3, { category: 'pensions', priority: 'urgent' }),
  item(3, DM_ID, 40, {
    office: asOfficeId('dehradun'),
    number: 'DDN/EST/2026/1-3',
    subject: 'अधिष्ठान प्रकरण',
    category: 'establishment',
    kind: 'receipt',
  }),
];

/** Answers like the real endpoint: the domain's report, filtered by the query string. */
export function districtAnswer(
  items: readonly ReviewItem[],
  asOf: () => number,
): (search: string) => PendencyReportResponse {
  return (search) => {
    const params = new URLSearchParams(search);
    const filter = Object.fromEntries(
      ['category', 'priority', 'office', 'kind'].flatMap((k) => {
        const v = params.get(k);
        return v === null ? [] : [[k, v]];
      }),
    );
    const report = buildReview(items, {
      now: asOf(),
      officeOf: officeLookup(DIRECTORY),
      reach: { kind: 'district' },
      filter,
      weeks: Number(params.get('weeks') ?? 8),
    });
    return { version: REPORT_VERSION, asOf: asOf(), report };
  };
}

export const recordIds = (items: readonly ReviewItem[]): RecordId[] => items.map((i) => i.id);
