import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb } from '@storage/db/db.ts';
import { attachScan, type AttachDeps } from '@storage/scans/attachments.ts';
import {
  DEFAULT_SCAN_BUDGET_BYTES,
  completeDownload,
  evictOverBudget,
  saveChunk,
  scanBudget,
  scanBytesStored,
  scansToFetch,
  setScanBudget,
} from '@storage/scans/scan-store.ts';
import { diariseReceipt } from '@storage/services.ts';
import { sha256Hex } from '@storage/scans/scan-bytes.ts';
import { clerk, DAY, fakeClock, must, testDevice } from './helpers.ts';
import { countValueReads } from './records-table.ts';

const keep: AttachDeps = {
  prepareImage: async (bytes, mime) => ({ bytes, mime, width: 10, height: 10 }),
};
const jpeg = (size: number, fill: number): Uint8Array => {
  const b = new Uint8Array(size).fill(fill);
  b.set([0xff, 0xd8, 0xff]);
  return b;
};

async function receiptWithScan(device: ReturnType<typeof testDevice>, bytes: Uint8Array) {
  const ctx = device.as(clerk);
  const r = must(
    await diariseReceipt(ctx, {
      from: 'x',
      letterNumber: '1',
      letterDate: '2026-03-01',
      subject: 's',
      category: 'revenue',
      mode: 'post',
    }),
  );
  const a = must(await attachScan(ctx, r.id, { bytes, claimedMime: '', name: 'p.jpg' }, keep));
  return { id: r.id, sha256: a.sha256 };
}

describe('which scans a device downloads', () => {
  it('newest records first, as many as fit in the budget', async () => {
    const clock = fakeClock();
    const device = testDevice('plan', clock);
    const older = await receiptWithScan(device, jpeg(3000, 1));
    clock.advance(DAY);
    const newer = await receiptWithScan(device, jpeg(2000, 2));
    // As if they came from the server: the records are here, the bytes are not.
    await device.db.blobs.clear();

    await setScanBudget(device.db, 2500);
    expect((await scansToFetch(device.db, clock.now())).map((w) => w.sha256)).toEqual([
      newer.sha256,
    ]);
    await setScanBudget(device.db, 10_000);
    expect(await scansToFetch(device.db, clock.now())).toEqual([
      { sha256: newer.sha256, recordId: newer.id, bytes: 2000 },
      { sha256: older.sha256, recordId: older.id, bytes: 3000 },
    ]);
  });

  it('scans already on the device count against the budget and are not fetched again', async () => {
    const clock = fakeClock();
    const device = testDevice('plan2', clock);
    await receiptWithScan(device, jpeg(3000, 1));
    await setScanBudget(device.db, 4000);
    expect(await scansToFetch(device.db, clock.now())).toEqual([]);
  });

  it('reads a record and its document only when one of its scans is missing', async () => {
    const clock = fakeClock();
    const device = testDevice('plan-reads', clock);
    const rows = countValueReads(device.db, 'records');
    const updates = countValueReads(device.db, 'updates');
    await receiptWithScan(device, jpeg(3000, 1));
    const gone = await receiptWithScan(device, jpeg(2000, 2));
    rows.reads = 0;
    rows.walked = [];
    updates.reads = 0;
    expect(await scansToFetch(device.db, clock.now())).toEqual([]);
    expect([rows.reads, updates.reads]).toEqual([0, 0]);
    // Only the scans' index: not every record's time, nor its row.
    expect(new Set(rows.walked)).toEqual(new Set(['scans']));

    await device.db.blobs.delete(gone.sha256);
    expect(await scansToFetch(device.db, clock.now())).toEqual([
      { sha256: gone.sha256, recordId: gone.id, bytes: 2000 },
    ]);
    // One read of the one record's row, one of its updates.
    expect([rows.reads, updates.reads]).toEqual([1, 1]);
  });

  it('the budget defaults to 200 MB and refuses nonsense', async () => {
    const device = testDevice('budget', fakeClock());
    expect(await scanBudget(device.db)).toBe(DEFAULT_SCAN_BUDGET_BYTES);
    await expect(setScanBudget(device.db, -1)).rejects.toThrow(RangeError);
  });
});

describe('keeping within the budget', () => {
  it('drops fetched scans oldest first, never the ones attached here', async () => {
    const clock = fakeClock();
    const device = testDevice('evict', clock);
    const mine = await receiptWithScan(device, jpeg(3000, 1));
    const put = async (fill: number) => {
      const data = jpeg(1000, fill);
      const sha256 = await sha256Hex(data);
      await device.db.blobs.put({
        sha256,
        mime: 'image/jpeg',
        data,
        size: 1000,
        savedAt: clock.now(),
        origin: 'server',
      });
      clock.advance(1000);
      return sha256;
    };
    const first = await put(2);
    const second = await put(3);
    await setScanBudget(device.db, 4500);
    expect(await evictOverBudget(device.db)).toBe(1000);
    expect(await device.db.blobs.get(first)).toBeUndefined();
    expect(await device.db.blobs.get(second)).toBeDefined();
    await setScanBudget(device.db, 0);
    await evictOverBudget(device.db);
    expect((await device.db.blobs.toArray()).map((b) => b.sha256)).toEqual([mine.sha256]);
  });
});

describe("the scans' bytes are not read to count or to choose them", () => {
  const scan = (fill: number, savedAt: number, origin: 'local' | 'server') => {
    const data = jpeg(1000 * fill, fill);
    return {
      sha256: String(fill).repeat(64),
      mime: 'image/jpeg',
      data,
      size: data.length,
      savedAt,
      origin,
    };
  };

  it('the total and the eviction read the index, and drop the oldest fetched first', async () => {
    const device = testDevice('sizes', fakeClock());
    const bytes = countValueReads(device.db, 'blobs');
    await device.db.blobs.bulkPut([
      scan(1, 30, 'local'),
      scan(2, 20, 'server'),
      scan(3, 10, 'server'),
    ]);

    expect(await scanBytesStored(device.db)).toBe(6000);
    await setScanBudget(device.db, 3500);
    expect(await evictOverBudget(device.db)).toBe(3000);
    expect(await scanBytesStored(device.db)).toBe(3000);
    expect((await device.db.blobs.toCollection().primaryKeys()).sort()).toEqual([
      '1'.repeat(64),
      '2'.repeat(64),
    ]);
    expect(bytes.reads).toBe(0);
  });

  it('scans stored before the index (a v15 database) are counted after the upgrade', async () => {
    const name = `blobs-upgrade-${Math.random()}`;
    const v15 = new Dexie(name);
    v15.version(15).stores({ blobs: 'sha256, savedAt, origin' });
    await v15.open();
    await v15.table('blobs').bulkPut([scan(4, 1, 'server'), scan(5, 2, 'local')]);
    v15.close();
    const db = openDb(name);
    try {
      expect(await scanBytesStored(db)).toBe(9000);
      await setScanBudget(db, 5000);
      expect(await evictOverBudget(db)).toBe(4000);
    } finally {
      await db.delete();
    }
  });
});

describe('finishing a download', () => {
  it('keeps the joined parts only if they hash to the name', async () => {
    const clock = fakeClock();
    const device = testDevice('finish', clock);
    const bytes = jpeg(5000, 7);
    const sha = await sha256Hex(bytes);
    await saveChunk(device.db, sha, 0, bytes.subarray(0, 1000));
    await saveChunk(device.db, sha, 1000, bytes.subarray(1000));
    expect(await completeDownload(device.db, sha, 'image/jpeg', clock.now())).toBe(true);
    expect((await device.db.blobs.get(sha))?.data).toEqual(bytes);
    expect(await device.db.scanChunks.count()).toBe(0);

    const forged = 'a'.repeat(64);
    await saveChunk(device.db, forged, 0, bytes);
    expect(await completeDownload(device.db, forged, 'image/jpeg', clock.now())).toBe(false);
    expect(await device.db.blobs.get(forged)).toBeUndefined();
    expect(await device.db.scanChunks.count()).toBe(0);
  });
});
