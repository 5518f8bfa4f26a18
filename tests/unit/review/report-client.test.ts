import { describe, expect, it } from 'vitest';
import { REPORT_VERSION } from '@protocol/reports.ts';
import { ReportRequestError, fetchPendencyReport } from '@ui/review/report-client.ts';
import type { FetchLike } from '@ui/review/report-client.ts';

function fakeFetch(status: number, body: unknown, seen: string[]): FetchLike {
  return async (url, init) => {
    seen.push(`${url} ${init.headers['authorization'] ?? ''}`);
    return { ok: status < 400, status, json: async () => body };
  };
}

describe('pendency report client', () => {
  it('asks for the filtered report with the bearer token', async () => {
    const seen: string[] = [];
    const body = { version: REPORT_VERSION, asOf: 5, report: {} };
    const got = await fetchPendencyReport(fakeFetch(200, body, seen), 'https://x.test', 'tok', {
      filter: { category: 'rti', office: 'vikasnagar' as never },
      weeks: 6,
    });
    expect(got).toEqual(body);
    expect(seen).toEqual([
      'https://x.test/api/reports/pendency?category=rti&office=vikasnagar&weeks=6 Bearer tok',
    ]);
  });

  it('throws with the server status and detail, or on another report version', async () => {
    const refused = fetchPendencyReport(
      fakeFetch(403, { error: 'forbidden', detail: 'outside your review' }, []),
      '',
      't',
      {},
    );
    await expect(refused).rejects.toThrow(ReportRequestError);
    await expect(refused).rejects.toMatchObject({ status: 403 });
    await expect(
      fetchPendencyReport(fakeFetch(200, { version: 99 }, []), '', 't', {}),
    ).rejects.toThrow(/report version 99/);
  });
});
