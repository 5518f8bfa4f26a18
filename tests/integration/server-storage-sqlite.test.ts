import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { runStorageContract } from './server-storage-contract.ts';

runStorageContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-storage-'));
  return {
    open: async () => openSqliteStorage(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
