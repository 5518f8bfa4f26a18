import { PROJECTION_VERSION } from '@domain/projection.ts';
import { SEARCH_VERSION } from '@domain/search-words.ts';
import { DEFAULT_DB_NAME, openDb, type PatravaliDb } from './db.ts';

/**
 * The device database as the app opens it. Every time it opens, projection
 * rows of an older PROJECTION_VERSION are rebuilt before any other query runs
 * (Dexie holds queries until its `ready` subscribers finish), so nothing ever
 * reads a row of another shape; then records without a search row of this
 * SEARCH_VERSION get one (the index is complete before the first search).
 * The rebuilds fold records from their Yjs updates: their modules are loaded
 * only when a row is stale, not with the app shell, so a new tablet shows its
 * sign-in form without them.
 */
export function openDeviceDb(name: string = DEFAULT_DB_NAME): PatravaliDb {
  const db = openDb(name);
  db.on(
    'ready',
    // Dexie hands ready subscribers its "vip" handle of this same database, the
    // one that may query before opening completes; it has PatravaliDb's tables.
    async (vip) => {
      const open = vip as PatravaliDb;
      if (!(await anyStale(open))) return;
      const [{ rebuildOlderRows }, { rebuildSearchIndex }] = await Promise.all([
        import('./record-store.ts'),
        import('./search-rebuild.ts'),
      ]);
      await rebuildOlderRows(open);
      await rebuildSearchIndex(open);
    },
    true,
  );
  return db;
}

/** Whether a row is of another PROJECTION_VERSION or lacks a search head of this SEARCH_VERSION. */
async function anyStale(db: PatravaliDb): Promise<boolean> {
  const all = await db.records.count();
  if (all === 0) return false;
  const rows = await db.records.where('version').equals(PROJECTION_VERSION).count();
  const heads = await db.searchHeads.where('version').equals(SEARCH_VERSION).count();
  return rows !== all || heads !== all;
}
