import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import * as fold from '@domain/fold.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { PROJECTION_VERSION, projectRecord, type RecordRow } from '@domain/projection.ts';
import { SEARCH_VERSION, searchRowOf } from '@domain/search-words.ts';
import { buildReview, officeLookup, reviewReachOf, type ReviewReach } from '@domain/review.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { DEMO_SEED, buildDemoRecords } from '../../sync-server/demo/demo-seed.ts';
import { demoSigners } from '../../sync-server/demo/demo-signer.ts';
import { pendencyReport } from '../../sync-server/reports/pendency-report.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { createDocRules } from '../../sync-server/sync/doc-rules.ts';
import { startTestServer, tempDir } from './server-harness.ts';

/**
 * The server's projection rows (`summaries`) are the one projection row of
 * src/domain/projection.ts: the pendency report reads them without folding a
 * record, and rows of an older PROJECTION_VERSION are rebuilt when the server
 * starts, whatever shape they had.
 */

// Every way into the fold, counted.
vi.mock('@domain/fold.ts', async (importOriginal) => {
  const real = await importOriginal<typeof fold>();
  return {
    ...real,
    foldRecord: vi.fn(real.foldRecord),
    foldRecordWithLog: vi.fn(real.foldRecordWithLog),
    startFold: vi.fn(real.startFold),
  };
});
const folds = (): number =>
  vi.mocked(fold.foldRecord).mock.calls.length +
  vi.mocked(fold.foldRecordWithLog).mock.calls.length +
  vi.mocked(fold.startFold).mock.calls.length;

const NOW = Date.UTC(2026, 3, 1, 10, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const deviceNumbers = new Map(['vikasnagar', 'chakrata', 'tyuni'].map((o) => [asOfficeId(o), 1]));
const demo = () =>
  buildDemoRecords({
    rules: createDocRules(() => NOW),
    directory: DEMO_DIRECTORY,
    deviceNumbers,
    signers: demoSigners(DEMO_DIRECTORY, DEMO_SEED),
    now: NOW,
  });

/** Each demo record folded afresh from its bytes: what the rows must equal. */
const foldedRows = (items: ReturnType<typeof demo>): RecordRow[] =>
  items.map((i) => {
    const state = readRecordState(loadRecordDoc([i.update]), NOW);
    if (state === null) throw new Error(`${i.recordId} does not fold`);
    return projectRecord(state);
  });

/** Each demo record's search keys folded afresh, as the tablet indexes them. */
const foldedKeys = (items: ReturnType<typeof demo>): Map<string, readonly string[]> =>
  new Map(
    items.map((i) => {
      const state = readRecordState(loadRecordDoc([i.update]), NOW);
      if (state === null) throw new Error(`${i.recordId} does not fold`);
      return [i.recordId, searchRowOf(state).keys];
    }),
  );

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function seededStore(): Promise<{ dir: string; items: ReturnType<typeof demo> }> {
  const dir = await tempDir('patravali-rows-');
  cleanups.push(dir.remove);
  const items = demo();
  const storage = openSqliteStorage(dir.path);
  await storage.seedDemo(items, NOW);
  await storage.close();
  return { dir: dir.path, items };
}

/** Counts the calls that read a record's updates. */
function countingReads(storage: ServerStorage): { storage: ServerStorage; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(storage, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key === 'recordState' || key === 'updatesSince') reads += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage: counted, reads: () => reads };
}

describe('the pendency report', () => {
  it('reads projection rows: it folds no record and reads no updates, and says what the fold says', async () => {
    const { dir, items } = await seededStore();
    const dm = DEMO_DIRECTORY.people.find((p) => p.role === 'dm');
    const reach: ReviewReach | null = dm ? reviewReachOf(dm, DEMO_DIRECTORY) : null;
    if (reach === null) throw new Error('the demo district has a DM');
    const now = NOW + 2 * DAY;
    const query = { filter: {}, weeks: 8 };
    const expected = buildReview(foldedRows(items), {
      now,
      officeOf: officeLookup(DEMO_DIRECTORY),
      reach,
      filter: query.filter,
      weeks: query.weeks,
    });
    expect(expected.records.length).toBeGreaterThan(20);

    const { storage, reads } = countingReads(openSqliteStorage(dir));
    try {
      const before = folds();
      const report = await pendencyReport({
        storage,
        directory: DEMO_DIRECTORY,
        reach,
        viewer: asPersonId('dm.dehradun'),
        query,
        now,
      });
      expect(folds() - before).toBe(0);
      expect(reads()).toBe(0);
      expect(report.report).toEqual(expected);
    } finally {
      await storage.close();
    }
  });
});

describe('projection rows of an older version on the server', () => {
  it('are rebuilt when the server starts, from a database made before rows had a version', async () => {
    const { dir, items } = await seededStore();
    // The database as the build before versioned rows left it: schema 7, typed columns only
    // (and no Merkle log, which came with schema 9, nor the number index of schema 10,
    // nor the quarantine of schema 11, nor the access revocations of schema 12, nor the
    // grade column of schema 13, nor the running dispatch registers of schema 14, nor the
    // search keys of schema 15, nor a relay's district positions of schema 16).
    const raw = new BetterSqlite3(join(dir, SQLITE_FILE));
    raw.exec(
      'ALTER TABLE summaries DROP COLUMN search_keys; ALTER TABLE summaries DROP COLUMN search_version;',
    );
    raw.exec(
      'ALTER TABLE summaries DROP COLUMN row_json; ALTER TABLE summaries DROP COLUMN version;',
    );
    raw.exec(
      'DROP INDEX event_log_unlogged; ALTER TABLE event_log DROP COLUMN leaf; DROP TABLE merkle_nodes; DROP INDEX summaries_number; DROP TABLE quarantined_records; DROP TABLE access_revocations;',
    );
    raw.exec('DROP INDEX summaries_restricted; ALTER TABLE summaries DROP COLUMN grade;');
    raw.exec('DROP TABLE dispatch_register;');
    raw.exec('ALTER TABLE event_log DROP COLUMN upstream_pos;');
    raw.pragma('user_version = 7');
    raw.close();

    const stale = openSqliteStorage(dir);
    expect(await stale.staleSummaries(PROJECTION_VERSION)).toHaveLength(items.length);
    await stale.close();

    const server = await startTestServer({}, dir);
    await server.stop();
    const storage = openSqliteStorage(dir);
    try {
      expect(await storage.staleSummaries(PROJECTION_VERSION, SEARCH_VERSION)).toEqual([]);
      const byId = (rows: readonly RecordRow[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(await storage.summaries(null))).toEqual(byId(foldedRows(items)));
      // Each row's search keys too, for the server's search over notings and letter numbers.
      const keys = new Map(
        (await storage.searchable(null, SEARCH_VERSION)).map((r) => [r.row.id, r.keys]),
      );
      expect(keys).toEqual(foldedKeys(items));
    } finally {
      await storage.close();
    }
  });

  it('are rebuilt when the server starts, row by row, whatever their version or shape', async () => {
    const { dir, items } = await seededStore();
    const [first, second, third] = items;
    if (first === undefined || second === undefined || third === undefined)
      throw new Error('the demo has records');
    const raw = new BetterSqlite3(join(dir, SQLITE_FILE));
    raw
      .prepare("UPDATE summaries SET version = 0, row_json = '{}' WHERE record_id = ?")
      .run(first.recordId);
    raw.prepare('DELETE FROM summaries WHERE record_id = ?').run(second.recordId);
    // Search keys of another SEARCH_VERSION: the row itself is current.
    raw
      .prepare(`UPDATE summaries SET search_version = 1, search_keys = '["x"]' WHERE record_id = ?`)
      .run(third.recordId);
    raw.close();
    const before = openSqliteStorage(dir);
    expect(await before.staleSummaries(PROJECTION_VERSION)).toEqual(
      [first.recordId, second.recordId].sort(),
    );
    expect(await before.staleSummaries(PROJECTION_VERSION, SEARCH_VERSION)).toEqual(
      [first.recordId, second.recordId, third.recordId].sort(),
    );
    await before.close();

    const server = await startTestServer({}, dir);
    await server.stop();
    const storage = openSqliteStorage(dir);
    try {
      const rows = await storage.summaries(null);
      const want = foldedRows([first, second]);
      expect(rows.filter((r) => r.id === first.recordId || r.id === second.recordId)).toEqual(
        expect.arrayContaining(want),
      );
      expect(rows).toHaveLength(items.length);
      const keys = new Map(
        (await storage.searchable(null, SEARCH_VERSION)).map((r) => [r.row.id, r.keys]),
      );
      expect(keys).toEqual(foldedKeys(items));
    } finally {
      await storage.close();
    }
  });
});
