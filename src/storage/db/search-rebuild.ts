import { projectRecord } from '@domain/projection.ts';
import { SEARCH_VERSION } from '@domain/search-words.ts';
import type { PatravaliDb } from './db.ts';
import { recordLog, stateOfRows } from './record-store.ts';
import { putSearchRows, searchTables } from './search-rows.ts';

/**
 * Builds the device's search index (search-index.ts reads it) for records
 * whose rows are of an older SEARCH_VERSION or missing, from their updates.
 * Run when the device database opens (device-db.ts loads this module then).
 */

/** Rows rebuilt per transaction (bounds the updates in memory at once). */
const REBUILD_BATCH = 200;

/**
 * Indexes every record that has no head of this SEARCH_VERSION (an older
 * build's folding, or rows lost) from its updates; returns how many. Index
 * reads only when every head is current, as on every start but the first
 * after the words change.
 */
export async function rebuildSearchIndex(db: PatravaliDb): Promise<number> {
  const current = db.searchHeads.where('version').equals(SEARCH_VERSION);
  if ((await current.count()) === (await db.records.count())) return 0;
  const fresh = new Set(await current.primaryKeys());
  const stale = (await db.records.toCollection().primaryKeys()).filter((id) => !fresh.has(id));
  for (let i = 0; i < stale.length; i += REBUILD_BATCH) {
    await db.transaction('rw', [db.updates, db.logEntries, ...searchTables(db)], async () => {
      for (const id of stale.slice(i, i + REBUILD_BATCH)) {
        const rows = await db.updates.where('recordId').equals(id).toArray();
        const state = stateOfRows(rows, 0, await recordLog(db, id));
        if (state !== null) await putSearchRows(db, state, projectRecord(state).lastActivity);
      }
    });
  }
  return stale.length;
}
