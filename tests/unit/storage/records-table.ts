import type { DBCoreOpenCursorRequest, DBCoreQueryRequest, DBCoreTable } from 'dexie';
import type { PatravaliDb } from '@storage/db/db.ts';

/**
 * Wraps what `db` asks of one of its tables at IndexedDB's level, as a Dexie
 * DBCore middleware: a test counts, records or holds the reads a page or a
 * query makes. Call before the database opens.
 */
export function wrapTable(
  db: PatravaliDb,
  tableName: string,
  name: string,
  wrap: (table: DBCoreTable) => Partial<DBCoreTable>,
): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (t) => {
        const table = down.table(t);
        return t === tableName ? { ...table, ...wrap(table) } : table;
      },
    }),
  });
}

/** wrapTable over `records`, the projection rows. */
export function wrapRecordsTable(
  db: PatravaliDb,
  name: string,
  wrap: (table: DBCoreTable) => Partial<DBCoreTable>,
): void {
  wrapTable(db, 'records', name, wrap);
}

/**
 * Counts the requests that read `tableName`'s values (rows, or a scan's
 * bytes); reads of keys alone are not counted, but the indexes walked by any
 * query are listed (`:id` for the primary key). Call before the database opens.
 */
export function countValueReads(
  db: PatravaliDb,
  tableName: string,
): { reads: number; walked: string[] } {
  const counted = { reads: 0, walked: [] as string[] };
  const walk = (req: DBCoreQueryRequest | DBCoreOpenCursorRequest) => {
    counted.walked.push(req.query.index.name ?? ':id');
    if (req.values) counted.reads++;
  };
  wrapTable(db, tableName, `count-${tableName}-values`, (table) => ({
    get: (req) => {
      counted.reads++;
      return table.get(req);
    },
    getMany: (req) => {
      counted.reads++;
      return table.getMany(req);
    },
    query: (req) => {
      walk(req);
      return table.query(req);
    },
    openCursor: (req) => {
      walk(req);
      return table.openCursor(req);
    },
  }));
  return counted;
}
