import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId } from '@domain/ids.ts';
import type { RecordId } from '@domain/ids.ts';
import type { ApiError } from '@protocol/api.ts';
import { REPORTS_API, REPORT_VERSION } from '@protocol/reports.ts';
import type { PendencyReportResponse } from '@protocol/reports.ts';
import { bearer, deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, sentEvent, sync } from './server-sync-client.ts';

/** GET /api/reports/pendency against a real server and SQLite file, with a fixed server clock. */

const DAY = 24 * 60 * 60 * 1000;
const TEHSILDAR = asPersonId('tehsildar.vikasnagar');
const CLERK = asPersonId('clerk.vikasnagar');

describe('pendency report endpoint', () => {
  let server: TestServer;
  const tokens = new Map<string, string>();
  let sentFile: RecordId;
  let keptFile: RecordId;

  const tokenOf = async (username: string): Promise<string> => {
    const known = tokens.get(username);
    if (known !== undefined) return known;
    const { body } = await signIn(server.url, username, deviceUuid(500 + tokens.size));
    tokens.set(username, body.token);
    return body.token;
  };

  const report = async (username: string | null, query = '') => {
    const headers = username === null ? {} : bearer(await tokenOf(username));
    const res = await fetch(`${server.url}${REPORTS_API.pendency}${query}`, { headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const ok = async (username: string, query = ''): Promise<PendencyReportResponse> => {
    const r = await report(username, query);
    expect(r.status).toBe(200);
    return r.body as PendencyReportResponse;
  };

  beforeAll(async () => {
    // Many reports from one person in a test minute: the per-person rate has its own test
    // (harden-rate.test.ts), so it is off here.
    server = await startTestServer({ PATRAVALI_REPORTS_PER_MINUTE: '0' });
    const clerkToken = await tokenOf('clerk.vikasnagar');
    const clerkDevice = deviceUuid(500);
    const sent = newFile(CLERK, 'vikasnagar', 'भूमि सीमांकन, ग्राम ढकरानी');
    const send = sentEvent(CLERK, TEHSILDAR, null);
    const kept = newFile(CLERK, 'vikasnagar', 'पेंशन प्रकरण');
    const pushed = await sync(server.url, clerkToken, clerkDevice, 0, [
      { ref: 1, recordId: sent.id, update: sent.update },
      { ref: 2, recordId: sent.id, update: append(sent, [send]) },
      { ref: 3, recordId: kept.id, update: kept.update },
    ]);
    expect(pushed.response.refusals).toEqual([]);
    sentFile = sent.id;
    keptFile = kept.id;
    // Twenty days (and an hour) after the send, by the server's clock.
    server.clock.now += 20 * DAY + 60 * 60 * 1000;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('shows the DM a Vikasnagar file pending with the tehsildar for 20 days in the 16–30 bucket', async () => {
    const body = await ok('dm.dehradun');
    expect(body.version).toBe(REPORT_VERSION);
    expect(body.asOf).toBe(server.clock.now);
    expect(body.report.reach).toEqual({ kind: 'district' });
    const record = body.report.records.find((r) => r.id === sentFile);
    expect(record).toMatchObject({
      holder: TEHSILDAR,
      holderOffice: 'vikasnagar',
      days: 20,
      bucket: '16-30',
    });
    const row = body.report.byPerson.find((r) => r.key === TEHSILDAR);
    expect(row?.byAge).toEqual({ '0-7': 0, '8-15': 0, '16-30': 1, '30+': 0 });
    expect(body.report.byOffice.map((r) => [r.key, r.total])).toEqual([['vikasnagar', 2]]);
    expect(body.report.trend.at(-1)?.pending).toBe(2);
  });

  it('authorises by role and scope: office for tehsil officers, own desk for staff', async () => {
    const office = await ok('tehsildar.vikasnagar');
    expect(office.report.reach).toEqual({ kind: 'office', offices: ['vikasnagar'] });
    expect(office.report.records.map((r) => r.id).sort()).toEqual([sentFile, keptFile].sort());

    const otherOffice = await ok('tehsildar.chakrata');
    expect(otherOffice.report.records).toEqual([]);

    const desk = await ok('clerk.vikasnagar');
    expect(desk.report.reach).toEqual({ kind: 'desk', person: CLERK });
    expect(desk.report.records.map((r) => r.id)).toEqual([keptFile]);

    const anonymous = await report(null);
    expect(anonymous.status).toBe(401);
    expect((anonymous.body as ApiError).error).toBe('unauthenticated');

    const outside = await report('tehsildar.chakrata', '?office=vikasnagar');
    expect(outside.status).toBe(403);
    expect((outside.body as ApiError).error).toBe('forbidden');
  });

  it('filters by category, priority, kind and office', async () => {
    expect((await ok('dm.dehradun', '?category=revenue')).report.records).toHaveLength(2);
    expect((await ok('dm.dehradun', '?category=rti')).report.records).toEqual([]);
    const urgent = await ok('dm.dehradun', '?priority=urgent');
    expect(urgent.report.records.map((r) => r.id)).toEqual([sentFile]);
    expect(urgent.report.filter).toEqual({ priority: 'urgent' });
    expect((await ok('dm.dehradun', '?kind=receipt')).report.records).toEqual([]);
    expect((await ok('dm.dehradun', '?office=chakrata')).report.records).toEqual([]);
    expect((await ok('dm.dehradun', '?office=vikasnagar&weeks=2')).report.trend).toHaveLength(2);
  });

  it('answers bad parameters with a clear 400', async () => {
    const cases: [string, RegExp][] = [
      ['?category=land', /category must be one of/],
      ['?priority=soon', /priority must be one of/],
      ['?weeks=0', /weeks must be a whole number/],
      ['?weeks=abc', /weeks must be a whole number/],
      ['?office=nowhere', /no office nowhere/],
      ['?office=../etc', /office must be an office id/],
      ['?holder=x', /unknown parameter holder/],
      ['?kind=file&kind=receipt', /kind may be given once/],
    ];
    for (const [query, detail] of cases) {
      const r = await report('dm.dehradun', query);
      expect(r.status, query).toBe(400);
      expect((r.body as ApiError).error).toBe('badRequest');
      expect((r.body as ApiError).detail).toMatch(detail);
    }
  });
});
