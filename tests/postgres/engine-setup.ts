import { afterAll } from 'vitest';
import { useDatabases } from '../integration/test-engine.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * The `postgres` project's servers store in PostgreSQL: each data directory a test
 * server uses gets a fresh database of the throw-away cluster (the same one when the
 * server restarts on it, or a second instance shares it), dropped after the file.
 */
const databases = new Map<string, Promise<TestDatabase>>();

useDatabases(async (dataDir) => {
  let db = databases.get(dataDir);
  if (db === undefined) {
    db = freshDatabase();
    databases.set(dataDir, db);
  }
  return (await db).url;
});

afterAll(async () => {
  for (const db of databases.values()) await (await db).drop();
  databases.clear();
});
