import { describe, it } from 'vitest';
import { expectFreshIndexedDb } from '../fresh-indexeddb-check.ts';

// tests/fresh-indexeddb.ts gives every file of the unit project an empty IndexedDB, so a
// file finds one (this file imports no fake-indexeddb/auto) whichever files ran before it
// in its worker, and finds none of their databases.
describe("a unit file's IndexedDB", () => {
  it('is there, holds no database of an earlier file, and the device store opens in it', () =>
    expectFreshIndexedDb('fresh-indexeddb-unit'));
});
