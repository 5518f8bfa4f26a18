import { describe, expect, it } from 'vitest';
import { openDb } from '@storage/db/db.ts';

// tests/fresh-indexeddb.ts gives every file of the unit project an empty IndexedDB, so a
// file finds one (this file imports no fake-indexeddb/auto) whichever files ran before it
// in its worker, and finds none of their databases.
describe("a unit file's IndexedDB", () => {
  it('is there, holds no database of an earlier file, and the device store opens in it', async () => {
    expect(await indexedDB.databases()).toEqual([]);
    const db = openDb('fresh-indexeddb-unit');
    await db.kv.put({ key: 'k', value: 1 });
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(['fresh-indexeddb-unit']);
    await db.delete();
  });
});
