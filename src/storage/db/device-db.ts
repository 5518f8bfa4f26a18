import { DEFAULT_DB_NAME, openDb, type PatravaliDb } from './db.ts';
import { rebuildOlderRows } from './record-store.ts';
import { rebuildSearchIndex } from './search-index.ts';

/**
 * The device database as the app opens it. Every time it opens, projection
 * rows of an older PROJECTION_VERSION are rebuilt before any other query runs
 * (Dexie holds queries until its `ready` subscribers finish), so nothing ever
 * reads a row of another shape; then records without a search row of this
 * SEARCH_VERSION get one (the index is complete before the first search).
 */
export function openDeviceDb(name: string = DEFAULT_DB_NAME): PatravaliDb {
  const db = openDb(name);
  db.on(
    'ready',
    // Dexie hands ready subscribers its "vip" handle of this same database, the
    // one that may query before opening completes; it has PatravaliDb's tables.
    async (vip) => {
      await rebuildOlderRows(vip as PatravaliDb);
      await rebuildSearchIndex(vip as PatravaliDb);
    },
    true,
  );
  return db;
}
