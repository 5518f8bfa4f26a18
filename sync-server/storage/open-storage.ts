import type { ServerConfig } from '../config.ts';
import { openPgStorage } from './pg/pg-storage.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { ServerStorage } from './types.ts';

/**
 * The storage the configuration names: PostgreSQL when PATRAVALI_DATABASE_URL is
 * set (any number of instances), else SQLite in the data directory (the default).
 */
export async function openStorage(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>,
): Promise<ServerStorage> {
  const url = config.databaseUrl ?? null;
  return url === null ? openSqliteStorage(config.dataDir) : openPgStorage(url);
}
