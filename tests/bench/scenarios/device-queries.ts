import { istDate } from '@domain/calendar.ts';
import { pendencyByPerson } from '@domain/pendency.ts';
import { inboxQuery } from '@storage/db/queries.ts';
import { searchRecords } from '@storage/db/search-index.ts';
import { VIKASNAGAR } from '../generate.ts';
import { syncUntilSynced } from '../lib/device.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer } from '../lib/server.ts';
import { newDevice, setupOffice } from './office.ts';

/**
 * The device's own queries over a store holding a whole large office: the
 * inbox, search (number or subject substring) and desk pendency, exactly as
 * the UI calls them (src/storage/db/queries.ts, the desk pendency fold). Runs in
 * Node over fake-indexeddb, which is slower than Chromium's IndexedDB for
 * scans: read the numbers as an upper bound, not as tablet timings (metrics
 * `*_node`). The timings in a real browser are chromium-queries.ts.
 */

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function timeIt<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const ms: number[] = [];
  let result = await work();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await work();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), result };
}

export async function benchDeviceQueries(report: Report, size: number): Promise<void> {
  const server = await startPatravaliServer();
  try {
    const bench = await setupOffice(server, VIKASNAGAR, size, 31);
    const me = VIKASNAGAR.chain[0];
    if (me === undefined) throw new Error('office without people');
    const device = await newDevice(bench, me);
    const t0 = performance.now();
    await syncUntilSynced(device, 3);
    const joinMs = performance.now() - t0;
    const { db } = device;
    const inbox = await timeIt(5, () => inboxQuery(db, me));
    const bySubject = await timeIt(5, () => searchRecords(db, 'सीमांकन'));
    const byNumber = await timeIt(5, () => searchRecords(db, 'vkn/lr/2026/1-77'));
    const pendency = await timeIt(5, async () => {
      const records = await db.records.toArray();
      const now = Date.now();
      return pendencyByPerson(records, now, istDate(now));
    });
    const stored = await db.records.count();
    device.close();
    report.table(
      `Device queries over ${size} records (Node + fake-indexeddb; median of 5)`,
      ['query', 'results', 'ms'],
      [
        [`join: sync ${size} records into the store`, stored, joinMs],
        ['inbox (records with me)', inbox.result.length, inbox.ms],
        ['search subject "सीमांकन"', bySubject.result.length, bySubject.ms],
        ['search number "VKN/LR/2026/1-77"', byNumber.result.length, byNumber.ms],
        ['desk pendency (all records folded by holder)', pendency.result.length, pendency.ms],
      ],
    );
    report.add(`device.inbox_${size}.query_time`, inbox.ms, 'ms');
    // The Chromium section (chromium-queries.ts) owns the unsuffixed names.
    report.add(`device.search_${size}.time_node`, Math.max(bySubject.ms, byNumber.ms), 'ms');
    report.add(`device.pendency_${size}.time_node`, pendency.ms, 'ms');
  } finally {
    await server.stop();
  }
}
