// The integration project's files share their worker's modules (isolate: false), so
// fake-indexeddb's one in-memory IndexedDB would outlive a file: the next file's tablets,
// named from the same seeded random numbers, would open the last file's databases. Each
// file gets an empty IndexedDB of its own instead (setup files run again for every file).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { IDBFactory } from 'fake-indexeddb';

const fresh = new IDBFactory();
globalThis.indexedDB = fresh;
Dexie.dependencies.indexedDB = fresh;
