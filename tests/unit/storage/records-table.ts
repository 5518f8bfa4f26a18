import type { DBCoreTable } from 'dexie';
import type { PatravaliDb } from '@storage/db/db.ts';

/**
 * Wraps what `db` asks of its `records` table (the projection rows) at
 * IndexedDB's level, as a Dexie DBCore middleware: a test counts, records or
 * holds the reads a page or a query makes. Call before the database opens.
 */
export function wrapRecordsTable(
  db: PatravaliDb,
  name: string,
  wrap: (table: DBCoreTable) => Partial<DBCoreTable>,
): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return tableName === 'records' ? { ...table, ...wrap(table) } : table;
      },
    }),
  });
}
