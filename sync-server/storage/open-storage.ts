import type { ServerConfig } from '../config.ts';
import type { DirectoryWatch } from '../directory/follow-directory.ts';
import { FannedPushHub } from '../sync/push-fanout.ts';
import { PushHub } from '../sync/push-hub.ts';
import { openPgDirectoryWatch } from './pg/pg-directory-watch.ts';
import { openPgPushBus } from './pg/pg-notify.ts';
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

/**
 * The hub of this instance's push sockets: on PostgreSQL it also hears what the
 * other instances announce (LISTEN/NOTIFY, pg-notify.ts); on SQLite there is one.
 */
export async function openPushHub(
  config: Pick<ServerConfig, 'databaseUrl'>,
  storage: Pick<ServerStorage, 'headSeq'>,
): Promise<PushHub> {
  const url = config.databaseUrl ?? null;
  if (url === null) return new PushHub();
  const bus = await openPgPushBus(url);
  return new FannedPushHub(bus, () => storage.headSeq({ kind: 'district' }));
}

/**
 * What tells an instance on PostgreSQL that another stored a new directory
 * (directory/follow-directory.ts); null on SQLite, whose one process stored it itself.
 */
export async function openDirectoryWatch(
  config: Pick<ServerConfig, 'databaseUrl'>,
): Promise<DirectoryWatch | null> {
  const url = config.databaseUrl ?? null;
  return url === null ? null : openPgDirectoryWatch(url);
}
