import {
  RangeSet,
  type DBCore,
  type DBCoreMutateRequest,
  type Middleware,
  type ObservabilitySet,
} from 'dexie';

/**
 * Writes to the search index, and a transaction's writes from its 50th row on,
 * are told to liveQuery as "the whole table
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

/**
 * Rows a transaction writes, over all its tables, before its further writes
 * are observed as a whole (Dexie's own threshold for one write's rows). A page
 * a sync applies writes a few rows per record to each of `updates`, `records`
 * and `logEntries`: observed key by key they took about 20 s of a 2,000-record
 * join's main thread at 4× (Chromium profile, docs/BENCHMARKS.md), each key
 * added to the transaction's tree and then merged into every live query's.
 * What it costs: after such a transaction every live query that reads a table
 * it wrote runs again (an open file's page once per page of a join). A person's
 * own command writes a handful of rows and stays precise. Which `records`
 * rows changed (its primary keys) stays precise even then: the review's kept
 * rows (review-rows.ts) read again only those, and would read all 10,000
 * after every sync that brought a few records.
 */
export const BULK_ROWS = 50;

/** Rows written so far, per transaction. */
const written = new WeakMap<object, number>();

function rowsOf(req: DBCoreMutateRequest): number {
  if (req.type === 'add' || req.type === 'put') return req.values.length;
  if (req.type === 'delete') return req.keys.length;
  return 0; // a range: Dexie observes it as that range
}

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
        const part = (index: string | null) => `idb://${core.schema.name}/${name}/${index}`;
        const parts = ['', ':dels', ...table.schema.indexes.map((i) => i.name)].map(part);
        const always = COARSE_TABLES.has(name);
        // Which records changed stays precise: the review's kept rows follow it.
        const bulkParts = name === 'records' ? parts.filter((p) => p !== part('')) : parts;
        return {
          ...table,
          mutate(req) {
            const rows = (written.get(req.trans) ?? 0) + rowsOf(req);
            written.set(req.trans, rows);
            if (always || rows >= BULK_ROWS) {
              const seeded: ObservabilitySet = req.mutatedParts ?? {};
              for (const p of always ? parts : bulkParts)
                seeded[p] = new RangeSet(core.MIN_KEY, core.MAX_KEY);
              req.mutatedParts = seeded;
            }
            return table.mutate(req);
          },
        };
      },
    };
  },
};
