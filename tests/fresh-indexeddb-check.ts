import { expect } from 'vitest';
import { openDb } from '@storage/db/db.ts';

/** Checks that this file's IndexedDB (tests/fresh-indexeddb.ts) holds no database and opens `name`. */
export async function expectFreshIndexedDb(name: string): Promise<void> {
  expect(await indexedDB.databases()).toEqual([]);
  const db = openDb(name);
  await db.kv.put({ key: 'k', value: 1 });
  expect((await indexedDB.databases()).map((d) => d.name)).toEqual([name]);
  await db.delete();
}
