import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ensurePostgres } from '../../scripts/ensure-postgres.mjs';
import { startPgCluster } from './pg-cluster.ts';
import { freshDatabase } from './pg-database.ts';

/** The PostgreSQL test harness itself: the cluster the suites run on, and its end. */

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the throw-away PostgreSQL cluster', () => {
  it('serves a fresh database on 127.0.0.1 with synchronous_commit on', async () => {
    const db = await freshDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const show = async (name: string) =>
        ((await client.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name];
      expect(await show('synchronous_commit')).toBe('on');
      expect(await show('listen_addresses')).toBe('127.0.0.1');
      expect(new URL(db.url).hostname).toBe('127.0.0.1');
      await client.query('CREATE TABLE t (b bytea)');
      await client.query('INSERT INTO t VALUES ($1)', [Buffer.from([0, 255, 7])]);
      const { rows } = await client.query<{ b: Buffer }>('SELECT b FROM t');
      expect([...(rows[0]?.b ?? [])]).toEqual([0, 255, 7]);
    } finally {
      await client.end();
      await db.drop();
    }
  });

  it('stops by its own pid and leaves nothing behind', async () => {
    const cluster = await startPgCluster(await ensurePostgres());
    const client = new pg.Client({ connectionString: cluster.adminUrl });
    await client.connect();
    const { rows } = await client.query<{ dir: string }>('SHOW data_directory');
    // A client still connected does not hold the cluster up: fast shutdown ends it.
    client.on('error', () => undefined);
    expect(isAlive(cluster.pid)).toBe(true);
    await cluster.stop();
    expect(isAlive(cluster.pid)).toBe(false);
    expect(existsSync(rows[0]?.dir ?? '')).toBe(false);
  });

  it('names the directory when PATRAVALI_PG_BIN holds no server', async () => {
    await expect(ensurePostgres({ PATRAVALI_PG_BIN: '/nonexistent' })).rejects.toThrow(
      'PATRAVALI_PG_BIN=/nonexistent holds no initdb and postgres.',
    );
  });
});
