import { describe, it } from 'vitest';
import { expectFreshIndexedDb } from '../fresh-indexeddb-check.ts';

// tests/fresh-indexeddb.ts gives every file of the integration project an empty IndexedDB,
// though the file shares its worker's modules with the files before it.
describe("a file's IndexedDB", () => {
  it('holds no database of an earlier file, and the device store opens in it', () =>
    expectFreshIndexedDb('fresh-indexeddb-check'));
});
