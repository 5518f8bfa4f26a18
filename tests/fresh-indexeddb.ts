// The unit, integration and postgres projects' files share their worker's modules
// (isolate: false), so fake-indexeddb's one in-memory IndexedDB would outlive a file: the
// next file's tablets, named from the same seeded random numbers, would open the last
// file's databases, and a file that forgot to import fake-indexeddb/auto would find an
// IndexedDB only when another file had run before it in the worker. Each file gets an
// empty IndexedDB of its own instead (setup files run again for every file).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { IDBFactory } from 'fake-indexeddb';

const fresh = new IDBFactory();
globalThis.indexedDB = fresh;
Dexie.dependencies.indexedDB = fresh;
