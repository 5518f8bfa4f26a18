import { openStorage } from '../../sync-server/storage/open-storage.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';

/**
 * Which storage the integration harnesses' servers run on: SQLite in their data
 * directory unless a suite names a database for the directory (the `postgres`
 * project does: tests/postgres/engine-setup.ts gives each data directory a fresh
 * PostgreSQL database, so the same tests show the whole server on PostgreSQL).
 */

type DatabaseFor = (dataDir: string) => Promise<string>;

let databaseFor: DatabaseFor | null = null;

export function useDatabases(pick: DatabaseFor): void {
  databaseFor = pick;
}

/** The environment that selects the engine for a server on `dataDir` (empty: SQLite). */
export async function engineEnv(dataDir: string): Promise<Record<string, string>> {
  if (databaseFor === null) return {};
  return { PATRAVALI_DATABASE_URL: await databaseFor(dataDir) };
}

/** A storage handle on the engine of `dataDir` (one more instance's, for tests that hold one). */
export async function openTestStorage(dataDir: string): Promise<ServerStorage> {
  const url = databaseFor === null ? null : await databaseFor(dataDir);
  return openStorage({ dataDir, databaseUrl: url });
}
