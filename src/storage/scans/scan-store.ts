import type { RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import { KV_KEYS, readKv, writeKv, type BlobRow, type PatravaliDb } from '../db/db.ts';
import { loadRecordDoc, stateOfDoc } from '../db/record-store.ts';
import { sha256Hex } from './scan-bytes.ts';

/**
 * Scans fetched from the server, and which ones to fetch.
 *
 * What is stored where:
 * - `scanChunks` the parts of a download received so far, keyed by
 *   [sha256+offset]; when the last part arrives they are joined, hashed,
 *   stored in `blobs` (origin 'server') and deleted, in one transaction.
 * - kv `scanBudget` how many bytes of server scans this device keeps; the
 *   person sees and changes it in settings.
 */

export const DEFAULT_SCAN_BUDGET_BYTES = 200 * 1024 * 1024;

export async function scanBudget(db: PatravaliDb): Promise<number> {
  const v = await readKv<number>(db, KV_KEYS.scanBudget);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_SCAN_BUDGET_BYTES;
}

export async function setScanBudget(db: PatravaliDb, bytes: number): Promise<void> {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError('budget must be ≥ 0 bytes');
  await writeKv(db, KV_KEYS.scanBudget, Math.round(bytes));
}

/**
 * Scans' `[origin, savedAt, size]` keys of the blobs index (Dexie v16): the
 * total and the eviction's order are read from the index, never the bytes
 * (a tablet keeps up to its budget, 200 MB by default, in scans).
 */
const SIZE_INDEX = '[origin+savedAt+size]';
type SizeKey = [origin: BlobRow['origin'], savedAt: number, size: number];

/**
 * Frees room down to the budget by dropping scans fetched from the server,
 * the longest-kept first; they download again when opened. Scans attached on
 * this device are never dropped (the server may not have them yet).
 * Returns how many bytes were freed.
 */
export async function evictOverBudget(db: PatravaliDb): Promise<number> {
  return db.transaction('rw', [db.blobs, db.kv], async () => {
    let excess = (await scanBytesStored(db)) - (await scanBudget(db));
    let freed = 0;
    if (excess <= 0) return 0;
    const server = db.blobs
      .where(SIZE_INDEX)
      .between(['server', -Infinity, -Infinity], ['server', Infinity, Infinity], true, true);
    const keys = (await server.keys()) as unknown[] as SizeKey[];
    const hashes = await server.primaryKeys();
    for (const [i, [, , size]] of keys.entries()) {
      if (excess <= 0) break;
      await db.blobs.delete(hashes[i]!);
      excess -= size;
      freed += size;
    }
    return freed;
  });
}

/** Bytes of scans on the device. */
export async function scanBytesStored(db: PatravaliDb): Promise<number> {
  const keys = (await db.blobs.orderBy(SIZE_INDEX).keys()) as unknown[] as SizeKey[];
  return keys.reduce((total, [, , size]) => total + size, 0);
}

export async function hasScan(db: PatravaliDb, sha256: string): Promise<boolean> {
  return (await db.blobs.where('sha256').equals(sha256).count()) > 0;
}

/** The scan's bytes and type, or null while it is not on the device. */
export async function readScan(
  db: PatravaliDb,
  sha256: string,
): Promise<{ readonly data: Uint8Array; readonly mime: string } | null> {
  const row = await db.blobs.get(sha256);
  return row === undefined ? null : { data: row.data, mime: row.mime };
}

export interface WantedScan {
  readonly sha256: string;
  readonly recordId: RecordId;
  readonly bytes: number;
}

/**
 * Scans to download now: those of records on this device (its scope), newest
 * record first, newest scan first, as long as they fit in the budget. The
 * rest are fetched when someone opens them. It runs after every sync: which
 * records have scans, and which scans are here, are read from indexes; only a
 * record missing a scan is read, and its document loaded.
 */
export async function scansToFetch(db: PatravaliDb, now: number): Promise<WantedScan[]> {
  const [withScans, scanOf, here] = await db.transaction('r', [db.records, db.blobs], () =>
    Promise.all([
      db.records.orderBy('scans').primaryKeys(),
      db.records.orderBy('scans').keys() as Promise<unknown[]> as Promise<string[]>,
      db.blobs.toCollection().primaryKeys(),
    ]),
  );
  const onDevice = new Set(here);
  const missing = [...new Set(withScans.filter((_, i) => !onDevice.has(scanOf[i]!)))];
  if (missing.length === 0) return [];
  const newestFirst = (await db.records.bulkGet(missing))
    .filter((r) => r !== undefined)
    .sort((a, b) => b.lastActivity - a.lastActivity || (a.id < b.id ? 1 : -1));
  let room = (await scanBudget(db)) - (await scanBytesStored(db));
  const wanted: WantedScan[] = [];
  const seen = new Set<string>();
  for (const { id } of newestFirst) {
    for (const a of await attachmentsOf(db, id, now)) {
      if (seen.has(a.sha256) || onDevice.has(a.sha256)) continue;
      seen.add(a.sha256);
      if (a.bytes > room) return wanted;
      room -= a.bytes;
      wanted.push({ sha256: a.sha256, recordId: id, bytes: a.bytes });
    }
  }
  return wanted;
}

async function attachmentsOf(db: PatravaliDb, id: RecordId, now: number): Promise<Attachment[]> {
  const doc = await loadRecordDoc(db, id);
  const state = stateOfDoc(doc, now);
  doc.destroy();
  return [...(state?.attachments ?? [])].reverse();
}

/** Bytes of the scan received so far (the parts are contiguous from 0). */
export async function receivedSoFar(db: PatravaliDb, sha256: string): Promise<number> {
  let total = 0;
  await db.scanChunks
    .where('sha256')
    .equals(sha256)
    .each((c) => void (total += c.data.byteLength));
  return total;
}

export async function saveChunk(
  db: PatravaliDb,
  sha256: string,
  offset: number,
  data: Uint8Array,
): Promise<void> {
  await db.scanChunks.put({ sha256, offset, data });
}

export async function dropChunks(db: PatravaliDb, sha256: string): Promise<void> {
  await db.scanChunks.where('sha256').equals(sha256).delete();
}

/**
 * Joins the received parts; if they hash to `sha256` stores the scan and
 * returns true, otherwise throws them away and returns false.
 */
export async function completeDownload(
  db: PatravaliDb,
  sha256: string,
  mime: string,
  now: number,
): Promise<boolean> {
  const parts = await db.scanChunks.where('sha256').equals(sha256).sortBy('offset');
  const data = new Uint8Array(parts.reduce((n, p) => n + p.data.byteLength, 0));
  for (const p of parts) data.set(p.data, p.offset);
  if ((await sha256Hex(data)) !== sha256) {
    await dropChunks(db, sha256);
    return false;
  }
  await db.transaction('rw', [db.blobs, db.scanChunks], async () => {
    if ((await db.blobs.get(sha256)) === undefined) {
      await db.blobs.put({
        sha256,
        mime,
        data,
        size: data.byteLength,
        savedAt: now,
        origin: 'server',
      });
    }
    await db.scanChunks.where('sha256').equals(sha256).delete();
  });
  return true;
}
