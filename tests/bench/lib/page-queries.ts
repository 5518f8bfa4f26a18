import { loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { projectRecord } from '@domain/projection.ts';
import {
  DEFAULT_TREND_WEEKS,
  mayAffectReview,
  trendStart,
  type ReviewItem,
} from '@domain/review.ts';
import { liveQuery } from 'dexie';
import { openDeviceDb } from '@storage/db/device-db.ts';
import { searchRecords } from '@storage/db/search-index.ts';
import { correctedClock, deviceReview } from '@storage/review/review-queries.ts';
import { currentSession, storedDirectory } from '@storage/session/session.ts';

/**
 * Bundled for the page (see chromium-queries.ts): the app's own query
 * functions, run in Chromium over the store the app synced, so their time is
 * IndexedDB + fold without React. The UI timings are the metric; these show
 * how much of them is the query.
 */

export interface Timed {
  readonly ms: number;
  readonly count: number;
  /** Under liveQuery: how many times the querier started before the first answer. */
  readonly starts?: number;
}

const db = openDeviceDb();

async function search(text: string): Promise<Timed> {
  const t0 = performance.now();
  const rows = await searchRecords(db, text);
  return { ms: performance.now() - t0, count: rows.length };
}

/** Shorter text is not searched (useRecordSearch's SEARCH_MIN_CHARS). */
const MIN_CHARS = 2;

/**
 * The search as each keystroke of `text` runs it: one query per prefix of
 * `text` (by code point) long enough to be searched, each timed (ms).
 */
async function keystrokes(text: string): Promise<{ prefix: string; ms: number; count: number }[]> {
  const chars = [...text];
  const out: { prefix: string; ms: number; count: number }[] = [];
  for (let i = 1; i <= chars.length; i++) {
    const prefix = chars.slice(0, i).join('');
    if (prefix.length < MIN_CHARS) continue;
    out.push({ prefix, ...(await search(prefix)) });
  }
  return out;
}

/** What the store's tables take on disk as the browser counts it (bytes). */
async function storageUsed(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? NaN;
}

/** Who is signed in on the benchmark's tablet (the pendency's viewer). */
async function viewer(): Promise<PersonId> {
  const session = await currentSession(db);
  if (session === null) throw new Error('no one signed in on this device');
  return session.person.id;
}

/** The office review as usePendencyReport computes it for a tehsildar; count: the office's total. */
async function officePendency(offices: readonly OfficeId[]): Promise<Timed> {
  const directory = await storedDirectory(db);
  if (directory === null) throw new Error('no directory on this device');
  const t0 = performance.now();
  const clock = await correctedClock(db, Date.now());
  const report = await deviceReview(db, {
    directory,
    reach: { kind: 'office', offices },
    query: { filter: {}, weeks: DEFAULT_TREND_WEEKS },
    now: clock.now,
    viewer: await viewer(),
  });
  const count = report.byOffice.find((r) => r.key === offices[0])?.total ?? 0;
  return { ms: performance.now() - t0, count };
}

/**
 * The same office review under Dexie's liveQuery, as usePendencyReport runs
 * it: time to the first answer, and how many times the querier started
 * before it (a write to a table it read restarts it).
 */
async function officePendencyLive(offices: readonly OfficeId[]): Promise<Timed> {
  const directory = await storedDirectory(db);
  if (directory === null) throw new Error('no directory on this device');
  let runs = 0;
  const me = await viewer();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const subscription = liveQuery(async () => {
      runs++;
      const clock = await correctedClock(db, Date.now());
      return deviceReview(db, {
        directory,
        reach: { kind: 'office', offices },
        query: { filter: {}, weeks: DEFAULT_TREND_WEEKS },
        now: clock.now,
        viewer: me,
      });
    }).subscribe({
      next: (report) => {
        subscription.unsubscribe();
        const count = report.byOffice.find((r) => r.key === offices[0])?.total ?? 0;
        resolve({ ms: performance.now() - t0, count, starts: runs });
      },
      error: reject,
    });
  });
}

/** Where deviceReviewItems spends its time: the same steps, each timed apart (ms). */
export interface PendencyPhases {
  readonly candidates: number;
  readonly updates: number;
  /** Scan of `records` for the candidates. */
  readonly scan: number;
  /** One `updates` read per candidate, as recordStateQuery does. */
  readonly readPerRecord: number;
  /** The same rows read in batches of 500 ids (what a bulk read would cost). */
  readonly readBatched: number;
  /** Y.Doc from the updates, and the fold. */
  readonly docs: number;
  readonly fold: number;
}

async function pendencyPhases(): Promise<PendencyPhases> {
  const now = Date.now();
  const start = trendStart(now, DEFAULT_TREND_WEEKS);
  let t = performance.now();
  const lap = (): number => {
    const was = t;
    t = performance.now();
    return t - was;
  };
  const ids: RecordId[] = [];
  await db.records.each((r) => {
    if (mayAffectReview(r, {}, start)) ids.push(r.id);
  });
  const scan = lap();
  const perRecord: Uint8Array[][] = [];
  for (const id of ids) {
    const rows = await db.updates.where('recordId').equals(id).sortBy('seq');
    perRecord.push(rows.map((r) => r.update));
  }
  const readPerRecord = lap();
  for (let i = 0; i < ids.length; i += 500) {
    await db.updates
      .where('recordId')
      .anyOf(ids.slice(i, i + 500))
      .toArray();
  }
  const readBatched = lap();
  // Docs alone, then docs and fold: holding 10,000 docs at once would measure memory, not work.
  for (const updates of perRecord) loadRecordDoc(updates).destroy();
  const docs = lap();
  const items: ReviewItem[] = [];
  for (const updates of perRecord) {
    const doc = loadRecordDoc(updates);
    const state = readRecordState(doc, now);
    if (state !== null) items.push(projectRecord(state));
    doc.destroy();
  }
  const fold = lap() - docs;
  return {
    candidates: ids.length,
    updates: perRecord.reduce((n, u) => n + u.length, 0),
    scan,
    readPerRecord,
    readBatched,
    docs,
    fold,
  };
}

export const pageQueries = {
  search,
  keystrokes,
  storageUsed,
  officePendency,
  officePendencyLive,
  pendencyPhases,
};
export type PageQueries = typeof pageQueries;

(globalThis as { patravaliBench?: PageQueries }).patravaliBench = pageQueries;
