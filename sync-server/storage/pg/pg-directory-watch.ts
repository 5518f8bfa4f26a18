import type { DirectoryWatch } from '../../directory/follow-directory.ts';
import { openPool } from './pg-db.ts';
import { listenPg, type PgListener } from './pg-listen.ts';

/**
 * What an instance on PostgreSQL follows the stored directory by
 * (directory/follow-directory.ts): a notification on DIRECTORY_CHANNEL, sent in the
 * transaction that stores one (pg-accounts.ts saveDirectory), so it comes once the
 * directory is there; and the stored directory's stamp, the MD5 of its text (one row,
 * hashed where it is: only the 32 characters cross the network).
 */

export const DIRECTORY_CHANNEL = 'patravali_directory';

/** Listening before it returns, so nothing stored after the server starts goes unheard. */
export async function openPgDirectoryWatch(url: string): Promise<DirectoryWatch> {
  const pool = openPool(url, 1);
  let changed: () => void = () => undefined;
  let listener: PgListener;
  try {
    listener = await listenPg(url, DIRECTORY_CHANNEL, {
      payload: () => changed(),
      reconnected: () => changed(),
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
  return {
    async stamp() {
      const { rows } = await pool.query<{ stamp: string }>(
        'SELECT md5(json) AS stamp FROM directory WHERE id = 1',
      );
      return rows[0]?.stamp ?? null;
    },
    subscribe(on) {
      changed = on;
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
