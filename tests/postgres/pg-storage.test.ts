import { openPgStorage } from '../../sync-server/storage/pg/pg-storage.ts';
import { runStorageContract } from '../integration/server-storage-contract.ts';
import { freshDatabase } from './pg-database.ts';

/**
 * The whole storage contract (accounts, sessions, keys, the record log with its
 * entries, Merkle log, repair and data generation, concurrency) on PostgreSQL, the
 * same cases SQLite meets (server-storage-sqlite.test.ts); reopening is a new pool
 * on the same database.
 */
runStorageContract('PostgreSQL', async () => {
  const db = await freshDatabase();
  return { open: () => openPgStorage(db.url), cleanup: () => db.drop() };
});
