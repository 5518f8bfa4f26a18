import { describe, expect, it } from 'vitest';
import { openDb } from '@storage/db/db.ts';

// tests/fresh-indexeddb.ts gives every file of the integration project an empty IndexedDB,
// though the file shares its worker's modules with the files before it.
describe("a file's IndexedDB", () => {
  it('holds no database of an earlier file, and the device store opens in it', async () => {
    expect(await indexedDB.databases()).toEqual([]);
    const db = openDb('fresh-indexeddb-check');
    await db.kv.put({ key: 'k', value: 1 });
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(['fresh-indexeddb-check']);
    await db.delete();
  });
});
