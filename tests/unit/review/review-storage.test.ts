import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRecord } from '@domain/projection.ts';
import { reviewReachOf } from '@domain/review.ts';
import { REPORT_VERSION } from '@protocol/reports.ts';
import type { PendencyReportResponse } from '@protocol/reports.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import {
  clearReviewCache,
  loadReport,
  readCachedReport,
  saveCachedReport,
} from '@storage/review/review-cache.ts';
import { recordStatesQuery } from '@storage/db/record-queries.ts';
import { correctedClock, deviceReview, deviceReviewItems } from '@storage/review/review-queries.ts';
import { reviewRow } from '@storage/review/review-rows.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import {
  DAY,
  clerk,
  directory,
  fakeClock,
  must,
  tehsildar,
  testDevice,
} from '../storage/helpers.ts';
import type { TestDevice } from '../storage/helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

function device(tag: string) {
  const clock = fakeClock();
  const dev = testDevice(tag, clock);
  devices.push(dev);
  return { dev, clock };
}

const QUERY = { filter: {}, weeks: 4 } as const;

describe('tehsil review on the device, offline', () => {
  it('computes pendency from its own records on the corrected clock, marking device time', async () => {
    const { dev, clock } = device('review-device');
    const file = must(await createFile(dev.as(clerk), { subject: 'सीमांकन', category: 'revenue' }));
    must(
      await sendRecord(dev.as(clerk), file.id, {
        to: tehsildar.id,
        remarks: '',
        dueDate: '2026-04-10',
        priority: 'urgent',
      }),
    );
    clock.advance(20 * DAY);
    const reach = reviewReachOf(tehsildar, directory);
    if (reach === null) throw new Error('tehsildar has a review');

    const unverified = await correctedClock(dev.db, clock.now());
    expect(unverified).toEqual({ now: clock.now(), verified: false });
    const report = await deviceReview(dev.db, {
      directory,
      reach,
      query: QUERY,
      now: unverified.now,
      viewer: tehsildar.id,
    });
    expect(report.records).toHaveLength(1);
    expect(report.records[0]).toMatchObject({
      holder: tehsildar.id,
      days: 20,
      bucket: '16-30',
      overdue: true,
      // No server offset was known when it was sent.
      unverified: true,
    });

    // The server is 11 days ahead of this tablet: pendency follows the corrected clock.
    await writeKv(dev.db, KV_KEYS.clockOffset, 11 * DAY);
    const corrected = await correctedClock(dev.db, clock.now());
    expect(corrected).toEqual({ now: clock.now() + 11 * DAY, verified: true });
    const later = await deviceReview(dev.db, {
      directory,
      reach,
      query: QUERY,
      now: corrected.now,
      viewer: tehsildar.id,
    });
    expect(later.records[0]).toMatchObject({ days: 31, bucket: '30+' });
    expect(later.asOf).toBe(corrected.now);

    const desk = await deviceReview(dev.db, {
      directory,
      reach: { kind: 'desk', person: clerk.id },
      query: QUERY,
      now: corrected.now,
      viewer: tehsildar.id,
    });
    expect(desk.records).toEqual([]);
  });

  it('follows the records under liveQuery, as the Pendency page runs it', async () => {
    const { dev } = device('review-live');
    const file = must(await createFile(dev.as(clerk), { subject: 'सीमांकन', category: 'revenue' }));
    const holders: string[][] = [];
    const sub = liveQuery(() =>
      deviceReview(dev.db, {
        directory,
        reach: { kind: 'office', offices: [clerk.office] },
        query: QUERY,
        now: Date.now(),
        viewer: tehsildar.id,
      }),
    ).subscribe({ next: (r) => holders.push(r.records.map((x) => x.holder)) });
    try {
      await expect.poll(() => holders.at(-1)).toEqual([clerk.id]);
      must(
        await sendRecord(dev.as(clerk), file.id, {
          to: tehsildar.id,
          remarks: '',
          dueDate: null,
          priority: 'normal',
        }),
      );
      await expect.poll(() => holders.at(-1)).toEqual([tehsildar.id]);
    } finally {
      sub.unsubscribe();
    }
  });
});

describe('review items on the device', () => {
  it('are the projection rows, equal to folding every record, without folding any', async () => {
    const { dev, clock } = device('review-projection');
    const ids = [];
    for (const subject of ['सीमांकन', 'दाखिल खारिज', 'वरासत']) {
      const file = must(await createFile(dev.as(clerk), { subject, category: 'revenue' }));
      clock.advance(DAY);
      must(
        await sendRecord(dev.as(clerk), file.id, {
          to: tehsildar.id,
          remarks: '',
          dueDate: '2026-05-01',
          priority: 'normal',
        }),
      );
      ids.push(file.id);
    }
    clock.advance(3 * DAY);
    const now = clock.now();
    const folded = (await recordStatesQuery(dev.db, ids, now)).map(projectRecord);
    const items = folded.map(reviewRow);
    expect(folded.map((i) => i.spans.length)).toEqual([2, 2, 2]);
    expect(await deviceReviewItems(dev.db, QUERY, now, clerk.id)).toEqual(items);

    // With its updates gone, a record with a projected row still counts: no fold was needed.
    const [first] = ids;
    if (first === undefined) throw new Error('three files were made');
    await dev.db.updates.where('recordId').equals(first).delete();
    expect(await deviceReviewItems(dev.db, QUERY, now, clerk.id)).toEqual(items);
  });
});

function response(asOf: number): PendencyReportResponse {
  return {
    version: REPORT_VERSION,
    asOf,
    report: {
      asOf,
      today: '2026-04-01',
      reach: { kind: 'district' },
      filter: {},
      byPerson: [],
      byOffice: [],
      records: [],
      trend: [],
    },
  };
}

describe('district report cache', () => {
  it('keeps the last report per person and query, and serves it when the server is unreachable', async () => {
    const { dev, clock } = device('review-cache');
    const fresh = await loadReport(
      dev.db,
      tehsildar.id,
      QUERY,
      async () => response(1000),
      clock.now,
    );
    expect(fresh).toEqual({
      source: 'server',
      report: { response: response(1000), savedAt: clock.now() },
    });

    clock.advance(DAY);
    const offline = new TypeError('Failed to fetch');
    const fallback = await loadReport(
      dev.db,
      tehsildar.id,
      QUERY,
      () => Promise.reject(offline),
      clock.now,
    );
    expect(fallback.source).toBe('cache');
    expect(fallback.report?.response.asOf).toBe(1000);
    expect(fallback.source === 'cache' && fallback.error).toBe(offline);

    expect(await readCachedReport(dev.db, clerk.id, QUERY)).toBeNull();
    expect(
      await readCachedReport(dev.db, tehsildar.id, { filter: { category: 'rti' }, weeks: 4 }),
    ).toBeNull();

    await clearReviewCache(dev.db, tehsildar.id);
    expect(await readCachedReport(dev.db, tehsildar.id, QUERY)).toBeNull();
  });

  it('ignores a cached report of another format version', async () => {
    const { dev } = device('review-cache-version');
    await saveCachedReport(
      dev.db,
      tehsildar.id,
      {},
      { ...response(5), version: REPORT_VERSION + 1 },
      9,
    );
    expect(await readCachedReport(dev.db, tehsildar.id)).toBeNull();
    await saveCachedReport(dev.db, tehsildar.id, {}, response(5), 9);
    expect(await readCachedReport(dev.db, tehsildar.id)).toEqual({
      response: response(5),
      savedAt: 9,
    });
  });
});
