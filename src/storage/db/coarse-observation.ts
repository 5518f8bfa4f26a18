import { RangeSet, type DBCore, type Middleware, type ObservabilitySet } from 'dexie';

/**
 * Writes to the search index are told to liveQuery as "the whole table
 * changed" instead of key by key. Dexie's observability records every key a
 * write touches (each key of a multi-entry index too: a record's search words
 * are hundreds) in a balanced tree, and every live query on the page merges
 * each committed write's trees into its own until it next runs, whether or not
 * it reads those tables. Over a 2,000-record join on a 4× slowed CPU that
 * bookkeeping took about 130 s of the page's 337 s (Chromium profile,
 * docs/BENCHMARKS.md), most of it the index's words. Seeding a write's parts
 * with the full range (as Dexie itself does for a write of 50 rows or more)
 * makes each key's addition a few comparisons and each merge one node. What
 * it costs: an open search runs again after any write to the index (once per
 * page a sync applies), not only one that touches its words. The `records`
 * projection, `updates` and `logEntries` stay precise: an open file's page
 * and the office-wide folds (dispatch register) read those, and would fold
 * again at every write anywhere (coarse, they saved another 30 s of the join).
 */

/** Tables whose writes are observed as a whole. */
const COARSE_TABLES: ReadonlySet<string> = new Set(['searchWords', 'searchHeads', 'searchRecent']);

export const coarseObservation: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'CoarseObservation',
  // Above Dexie's own Observability (level 0): each write passes here first.
  level: 1,
  create(core) {
    return {
      ...core,
      table(name) {
        const table = core.table(name);
        if (!COARSE_TABLES.has(name)) return table;
        const parts = ['', ':dels', ...table.schema.indexes.map((i) => i.name)].map(
          (index) => `idb://${core.schema.name}/${name}/${index}`,
        );
        return {
          ...table,
          mutate(req) {
            const seeded: ObservabilitySet = req.mutatedParts ?? {};
            for (const part of parts) seeded[part] = new RangeSet(core.MIN_KEY, core.MAX_KEY);
            req.mutatedParts = seeded;
            return table.mutate(req);
          },
        };
      },
    };
  },
};
