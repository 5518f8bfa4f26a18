import 'fake-indexeddb/auto';
import { Dexie, RangeSet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openDb, type RecordSummary } from '@storage/db/db.ts';
import { AHEAD_PAGE_ROWS, readReviewRowsAhead, reviewRows } from '@storage/review/review-rows.ts';
import { createFile, sendRecord } from '@storage/services.ts';
import { clerk, fakeClock, must, tehsildar, testDevice } from '../storage/helpers.ts';
import type { TestDevice } from '../storage/helpers.ts';
import { wrapRecordsTable } from '../storage/records-table.ts';

/**
 * The review's rows kept between visits to Pendency (review-rows.ts): after the
 * first read, only rows written since are read again, whoever wrote them.
 */

const devices: TestDevice[] = [];
const others: Dexie[] = [];
afterEach(async () => {
  for (const db of others.splice(0)) db.close();
  for (const d of devices.splice(0)) await d.db.delete();
});

/** A device whose reads of `records` are counted, row by row. */
function countedDevice(tag: string): {
  dev: TestDevice;
  rowsRead: () => number;
  queries: () => number;
} {
  const dev = testDevice(tag, fakeClock());
  devices.push(dev);
  let read = 0;
  let queries = 0;
  wrapRecordsTable(dev.db, 'count-record-reads', (table) => ({
    query: async (req) => {
      queries++;
      const res = await table.query(req);
      read += res.result.length;
      return res;
    },
    getMany: async (req) => {
      const res = await table.getMany(req);
      read += res.filter((r) => r !== undefined).length;
      return res;
    },
  }));
  return { dev, rowsRead: () => read, queries: () => queries };
}

async function subjects(dev: TestDevice): Promise<string[]> {
  return [...(await reviewRows(dev.db))].map((r) => r.subject).sort();
}

async function files(dev: TestDevice, names: readonly string[]): Promise<RecordSummary[]> {
  for (const subject of names)
    must(await createFile(dev.as(clerk), { subject, category: 'revenue' }));
  return dev.db.records.toArray();
}

describe("the review's rows between visits", () => {
  it('reads every row once, then only the rows written since', async () => {
    const { dev, rowsRead } = countedDevice('review-rows-changed');
    const [first] = await files(dev, ['सीमांकन', 'वरासत', 'दाखिल खारिज']);
    if (first === undefined) throw new Error('three files were made');
    const before = rowsRead();
    expect(await subjects(dev)).toEqual(['दाखिल खारिज', 'वरासत', 'सीमांकन']);
    expect(rowsRead() - before).toBe(3);

    // Nothing written: nothing read.
    const again = rowsRead();
    expect(await subjects(dev)).toHaveLength(3);
    expect(rowsRead() - again).toBe(0);

    // One file sent on: that row alone, with its new holder.
    must(
      await sendRecord(dev.as(clerk), first.id, {
        to: tehsildar.id,
        remarks: '',
        dueDate: null,
        priority: 'normal',
      }),
    );
    const sent = rowsRead();
    const rows = [...(await reviewRows(dev.db))];
    expect(rowsRead() - sent).toBe(1);
    expect(rows.find((r) => r.id === first.id)?.holder).toBe(tehsildar.id);

    // A row deleted is gone from the review.
    await dev.db.records.delete(first.id);
    expect(await subjects(dev)).toEqual(['दाखिल खारिज', 'वरासत']);
  });

  it('reads every row again after a bulk write Dexie reports as a range', async () => {
    const { dev, rowsRead } = countedDevice('review-rows-bulk');
    const [row] = await files(dev, ['सीमांकन']);
    if (row === undefined) throw new Error('a file was made');
    await subjects(dev);
    const bulk = Array.from({ length: 60 }, (_, i) => ({
      ...row,
      id: asRecordId(`${row.id.slice(0, -4)}f${String(i).padStart(3, '0')}`),
      subject: `file ${String(i)}`,
    }));
    await dev.db.records.bulkPut(bulk);
    const before = rowsRead();
    expect(await subjects(dev)).toHaveLength(61);
    expect(rowsRead() - before).toBe(61);
  });

  it("sees a write through another connection to the same store (another tab's)", async () => {
    const { dev } = countedDevice('review-rows-tab');
    const [row] = await files(dev, ['सीमांकन']);
    if (row === undefined) throw new Error('a file was made');
    expect(await subjects(dev)).toEqual(['सीमांकन']);
    const tab = openDb(dev.db.name);
    others.push(tab);
    await tab.records.put({ ...row, subject: 'वरासत' });
    expect(await subjects(dev)).toEqual(['वरासत']);
  });

  it('two connections to one store each keep their rows up to date', async () => {
    const { dev } = countedDevice('review-rows-two');
    const [row] = await files(dev, ['सीमांकन']);
    if (row === undefined) throw new Error('a file was made');
    const second = openDb(dev.db.name);
    others.push(second);
    expect(await subjects(dev)).toEqual(['सीमांकन']);
    expect([...(await reviewRows(second))].map((r) => r.subject)).toEqual(['सीमांकन']);

    await dev.db.records.put({ ...row, subject: 'वरासत' });
    expect(await subjects(dev)).toEqual(['वरासत']);
    expect([...(await reviewRows(second))].map((r) => r.subject)).toEqual(['वरासत']);
  });

  it('reads every row again when Dexie says anything may have changed (back from the page cache)', async () => {
    const { dev } = countedDevice('review-rows-all');
    const [row] = await files(dev, ['सीमांकन']);
    if (row === undefined) throw new Error('a file was made');
    expect(await subjects(dev)).toEqual(['सीमांकन']);
    // Another tab's write this page was not told of (its BroadcastChannel was closed).
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(dev.db.name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('records', 'readwrite');
        tx.objectStore('records').put({ ...row, subject: 'वरासत' });
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    });
    expect(await subjects(dev)).toEqual(['सीमांकन']);
    // What Dexie fires when the page comes back from the back/forward cache.
    Dexie.on('storagemutated').fire({ all: new RangeSet(-Infinity, [[]]) });
    expect(await subjects(dev)).toEqual(['वरासत']);
  });
});

/** Idle moments given by the test, one at a time. */
function manualIdle() {
  const waiting: (() => void)[] = [];
  return {
    whenIdle: (then: () => void) => {
      waiting.push(then);
      return () => {
        const i = waiting.indexOf(then);
        if (i >= 0) waiting.splice(i, 1);
      };
    },
    /** Waits for the reading to ask for an idle moment, and gives it one. */
    async next() {
      await vi.waitFor(() => expect(waiting).toHaveLength(1));
      waiting.shift()?.();
    },
    get waiting() {
      return waiting.length;
    },
  };
}

/** `n` review rows besides the one file made (pages of AHEAD_PAGE_ROWS). */
async function manyRows(dev: TestDevice, n: number): Promise<RecordSummary> {
  const [row] = await files(dev, ['सीमांकन']);
  if (row === undefined) throw new Error('a file was made');
  await dev.db.records.bulkPut(
    Array.from({ length: n }, (_, i) => ({
      ...row,
      id: asRecordId(`${row.id.slice(0, -4)}a${String(i).padStart(3, '0')}`),
      subject: `file ${String(i)}`,
    })),
  );
  return row;
}

describe("the review's rows read ahead of the first visit", () => {
  const total = 2 * AHEAD_PAGE_ROWS + 11;

  it('reads a page per idle moment; the visit then reads no row', async () => {
    const { dev, rowsRead } = countedDevice('review-ahead');
    await manyRows(dev, total - 1);
    const idle = manualIdle();
    const before = rowsRead();
    readReviewRowsAhead(dev.db, idle.whenIdle);
    await idle.next();
    await idle.next();
    await idle.next();
    await vi.waitFor(() => expect(rowsRead() - before).toBe(total));

    const visit = rowsRead();
    expect(await subjects(dev)).toHaveLength(total);
    expect(rowsRead() - visit).toBe(0);
    expect(idle.waiting).toBe(0);
  });

  it('a visit during the reading reads the rows left at once, in one read, each row once', async () => {
    const { dev, rowsRead, queries } = countedDevice('review-ahead-hurry');
    await manyRows(dev, total - 1);
    const idle = manualIdle();
    const before = rowsRead();
    readReviewRowsAhead(dev.db, idle.whenIdle);
    await idle.next();
    await vi.waitFor(() => expect(idle.waiting).toBe(1));
    const asked = queries();

    expect(await subjects(dev)).toHaveLength(total);
    expect(rowsRead() - before).toBe(total);
    expect(queries() - asked).toBe(1);
    expect(idle.waiting).toBe(0);
  });

  it('a row written during the reading is read again at the visit', async () => {
    const { dev } = countedDevice('review-ahead-write');
    const first = await manyRows(dev, total - 1);
    const idle = manualIdle();
    readReviewRowsAhead(dev.db, idle.whenIdle);
    await idle.next();
    await vi.waitFor(() => expect(idle.waiting).toBe(1));
    await dev.db.records.put({ ...first, subject: 'वरासत' });

    const subjectsNow = await subjects(dev);
    expect(subjectsNow).toContain('वरासत');
    expect(subjectsNow).not.toContain('सीमांकन');
  });

  it('stopped, it leaves every row to the visit', async () => {
    const { dev, rowsRead } = countedDevice('review-ahead-stop');
    await manyRows(dev, total - 1);
    const idle = manualIdle();
    const stop = readReviewRowsAhead(dev.db, idle.whenIdle);
    await idle.next();
    await vi.waitFor(() => expect(idle.waiting).toBe(1));
    stop();
    expect(idle.waiting).toBe(0);

    const visit = rowsRead();
    expect(await subjects(dev)).toHaveLength(total);
    expect(rowsRead() - visit).toBe(total);
  });

  it('does nothing when the rows are already kept', async () => {
    const { dev, rowsRead } = countedDevice('review-ahead-kept');
    await manyRows(dev, 5);
    await subjects(dev);
    const idle = manualIdle();
    const before = rowsRead();
    readReviewRowsAhead(dev.db, idle.whenIdle);
    expect(await subjects(dev)).toHaveLength(6);
    expect(rowsRead() - before).toBe(0);
    expect(idle.waiting).toBe(0);
  });
});
