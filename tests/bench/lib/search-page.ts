import type { RecordId } from '@domain/ids.ts';
import { queryTerms } from '@domain/search-words.ts';
import { openDb, type RecordSummary } from '@storage/db/db.ts';
import { SEARCH_TUNING, searchRecords, type SearchTuning } from '@storage/db/search-index.ts';
import { putSearchKeys, searchTables } from '@storage/db/search-rows.ts';

/**
 * Bundled for the page by run-search-keystrokes.ts: writes a generated office's
 * projection rows and search index straight into the page's store with the
 * app's own index writer (no sync, no Yjs), then times the app's search per
 * keystroke, counting the rows each read gave (a DBCore middleware), which
 * are the same on any machine where the times are not.
 */

export interface SeedRow {
  readonly row: RecordSummary;
  readonly keys: readonly string[];
}

const db = openDb('patravali-search-bench');

/**
 * Rows (index entries, recent rows, key texts…) each table gave the searches, key texts'
 * characters, IndexedDB requests (a query is one, a bulkGet one per key) and transactions.
 */
const reads: Record<string, number> = {};
const add = (what: string, n: number) => {
  reads[what] = (reads[what] ?? 0) + n;
};
db.use({
  stack: 'dbcore',
  name: 'bench-reads',
  create: (down) => ({
    ...down,
    transaction: (...args) => {
      add('transactions', 1);
      return down.transaction(...args);
    },
    table: (name) => {
      const table = down.table(name);
      return {
        ...table,
        query: async (req) => {
          const res = await table.query(req);
          add(name, res.result.length);
          add('requests', 1);
          return res;
        },
        openCursor: async (req) => {
          add('cursors', 1);
          return table.openCursor(req);
        },
        getMany: async (req) => {
          const res = await table.getMany(req);
          add(name, res.length);
          // Dexie asks IndexedDB for each key of a bulkGet apart.
          add('requests', req.keys.length);
          if (name === 'searchHeads') {
            for (const h of res as ({ words?: string } | undefined)[])
              add('key text chars', h?.words?.length ?? 0);
          }
          return res;
        },
      };
    },
  }),
});

async function seed(rows: readonly SeedRow[]): Promise<void> {
  await db.transaction('rw', [db.records, ...searchTables(db)], async () => {
    await db.records.bulkPut(rows.map((r) => r.row));
    for (const { row, keys } of rows) {
      await putSearchKeys(db, row.id as RecordId, row.lastActivity, keys);
    }
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

/** Each prefix of `text` (2 code points on, as the inbox searches) through searchRecords. */
async function keystrokes(
  text: string,
  tuning?: Partial<SearchTuning>,
): Promise<{ prefix: string; ms: number; count: number; reads: Record<string, number> }[]> {
  const chars = [...text];
  const out: { prefix: string; ms: number; count: number; reads: Record<string, number> }[] = [];
  for (let i = 2; i <= chars.length; i++) {
    const prefix = chars.slice(0, i).join('');
    for (const k of Object.keys(reads)) delete reads[k];
    const r = await timed(() => searchRecords(db, prefix, 50, { ...SEARCH_TUNING, ...tuning }));
    out.push({ prefix, ms: r.ms, count: r.value.length, reads: { ...reads } });
  }
  return out;
}

/** The reads a query is made of, each alone: its words' index entries, the newest walk, 50 rows. */
async function parts(text: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const term of queryTerms(text)) {
    for (const { key, prefix } of term) {
      const where = db.searchWords.where('keys');
      const range = prefix ? where.startsWith(key) : where.equals(key);
      const r = await timed(() => range.limit(3001).primaryKeys());
      out[`entries ${key}${prefix ? '*' : ''} (${r.value.length})`] = r.ms;
      const u = await timed(() => range.limit(3001).uniqueKeys());
      out[`distinct keys ${key}${prefix ? '*' : ''} (${u.value.length})`] = u.ms;
    }
  }
  const recent = await timed(() => db.searchRecent.orderBy('at').reverse().limit(700).toArray());
  out['newest 700 recent rows'] = recent.ms;
  const ids = recent.value.map((r) => r.id);
  const heads = await timed(() => db.searchHeads.bulkGet(ids.slice(0, 200)));
  out['200 heads (key texts)'] = heads.ms;
  const rows = await timed(() => db.records.bulkGet(ids.slice(0, 50)));
  out['50 records rows'] = rows.ms;
  return out;
}

async function count(): Promise<number> {
  return db.searchHeads.count();
}

export const searchPage = { seed, keystrokes, parts, count };
export type SearchPage = typeof searchPage;
(globalThis as { patravaliSearch?: SearchPage }).patravaliSearch = searchPage;
