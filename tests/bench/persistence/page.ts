// Browser side of the persistence benchmark (bundled by run.ts, runs in Chromium).
// Stores Yjs updates of sample records in this page's origin, one strategy per profile:
// - y-indexeddb: one IndexedDB database per record, named by the record id;
// - dexie-*: one Dexie database `bench-updates`, table `updates` (++seq, recordId index),
//   written in batched transactions or one transaction per update (browser-default or
//   strict durability).
// Exposes window.bench for run.ts; every load also checks the documents are intact.
import Dexie, { type EntityTable } from 'dexie';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { isIntact, pool, recordId, recordUpdates, writeRecord } from './records.ts';

export type Strategy =
  'y-indexeddb' | 'dexie-batched' | 'dexie-per-update' | 'dexie-per-update-strict';

export interface Timing {
  readonly ms: number;
  readonly records: number;
  /** Records that loaded with their full content (writes: updates written). */
  readonly checked: number;
  readonly bytes: number;
}

export interface BenchApi {
  write(strategy: Strategy, count: number): Promise<Timing>;
  loadAll(strategy: Strategy, count: number): Promise<Timing>;
  loadOne(strategy: Strategy, index: number): Promise<Timing>;
  usageBytes(): Promise<number>;
}

declare global {
  interface Window {
    bench: BenchApi;
  }
}

interface UpdateRow {
  seq: number;
  recordId: string;
  update: Uint8Array;
}

type UpdateDb = Dexie & { updates: EntityTable<UpdateRow, 'seq'> };

const CONCURRENCY = 32;
const BATCH_RECORDS = 100;

function openUpdateDb(strategy: Strategy): UpdateDb {
  const durability = strategy === 'dexie-per-update-strict' ? 'strict' : 'default';
  const db = new Dexie('bench-updates', { chromeTransactionDurability: durability }) as UpdateDb;
  db.version(1).stores({ updates: '++seq, recordId' });
  return db;
}

const indexOf = (id: string): number => parseInt(id.slice(-12), 16);

async function timed(run: () => Promise<Omit<Timing, 'ms'>>): Promise<Timing> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, ...result };
}

/** Resolves once every update y-indexeddb queued on this database is committed. */
function committed(persistence: IndexeddbPersistence): Promise<number> {
  const db = persistence.db;
  if (!db) return Promise.reject(new Error('y-indexeddb database not open'));
  return new Promise((resolve, reject) => {
    // A later transaction over the same store starts only after earlier writes finish.
    const tx = db.transaction(['updates'], 'readonly');
    const count = tx.objectStore('updates').count();
    tx.oncomplete = () => resolve(count.result);
    tx.onerror = () => reject(tx.error ?? new Error('count failed'));
  });
}

async function yidbWriteOne(index: number): Promise<number> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(recordId(index), doc);
  await persistence.whenSynced;
  writeRecord(doc, index);
  const rows = await committed(persistence);
  await persistence.destroy();
  doc.destroy();
  return rows;
}

async function yidbLoadOne(index: number): Promise<boolean> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(recordId(index), doc);
  await persistence.whenSynced;
  const intact = isIntact(doc, index);
  await persistence.destroy();
  doc.destroy();
  return intact;
}

function docFromRows(rows: readonly UpdateRow[]): Y.Doc {
  const doc = new Y.Doc();
  Y.transact(doc, () => rows.forEach((row) => Y.applyUpdate(doc, row.update)));
  return doc;
}

async function dexieWrite(strategy: Strategy, count: number): Promise<Omit<Timing, 'ms'>> {
  const db = openUpdateDb(strategy);
  let written = 0;
  let bytes = 0;
  const rowsOf = (index: number): Omit<UpdateRow, 'seq'>[] =>
    recordUpdates(index).map((update) => {
      bytes += update.byteLength;
      return { recordId: recordId(index), update };
    });
  if (strategy === 'dexie-batched') {
    for (let first = 0; first < count; first += BATCH_RECORDS) {
      const last = Math.min(first + BATCH_RECORDS, count);
      const rows = Array.from({ length: last - first }, (_, k) => rowsOf(first + k)).flat();
      await db.transaction('rw', db.updates, () => db.updates.bulkAdd(rows));
      written += rows.length;
    }
  } else {
    await pool(count, CONCURRENCY, async (index) => {
      for (const row of rowsOf(index)) {
        await db.updates.add(row);
        written += 1;
      }
    });
  }
  db.close();
  return { records: count, checked: written, bytes };
}

async function dexieLoadAll(strategy: Strategy): Promise<Omit<Timing, 'ms'>> {
  const db = openUpdateDb(strategy);
  const byRecord = new Map<string, UpdateRow[]>();
  let bytes = 0;
  for (const row of await db.updates.toArray()) {
    bytes += row.update.byteLength;
    const rows = byRecord.get(row.recordId) ?? [];
    rows.push(row);
    byRecord.set(row.recordId, rows);
  }
  let intact = 0;
  for (const [id, rows] of byRecord) {
    const doc = docFromRows(rows);
    if (isIntact(doc, indexOf(id))) intact += 1;
  }
  db.close();
  return { records: byRecord.size, checked: intact, bytes };
}

async function dexieLoadOne(strategy: Strategy, index: number): Promise<Omit<Timing, 'ms'>> {
  const db = openUpdateDb(strategy);
  const rows = await db.updates.where('recordId').equals(recordId(index)).toArray();
  const doc = docFromRows(rows);
  const bytes = rows.reduce((sum, row) => sum + row.update.byteLength, 0);
  db.close();
  return { records: 1, checked: isIntact(doc, index) ? 1 : 0, bytes };
}

async function yidbLoadAll(count: number): Promise<Omit<Timing, 'ms'>> {
  let intact = 0;
  await pool(count, CONCURRENCY, async (index) => {
    if (await yidbLoadOne(index)) intact += 1;
  });
  return { records: count, checked: intact, bytes: 0 };
}

window.bench = {
  write: (strategy, count) =>
    timed(async () => {
      if (strategy !== 'y-indexeddb') return dexieWrite(strategy, count);
      let rows = 0;
      await pool(count, CONCURRENCY, async (index) => {
        rows += await yidbWriteOne(index);
      });
      return { records: count, checked: rows, bytes: 0 };
    }),
  loadAll: (strategy, count) =>
    timed(() => (strategy === 'y-indexeddb' ? yidbLoadAll(count) : dexieLoadAll(strategy))),
  loadOne: (strategy, index) =>
    timed(async () =>
      strategy === 'y-indexeddb'
        ? { records: 1, checked: (await yidbLoadOne(index)) ? 1 : 0, bytes: 0 }
        : dexieLoadOne(strategy, index),
    ),
  usageBytes: async () => (await navigator.storage.estimate()).usage ?? 0,
};
