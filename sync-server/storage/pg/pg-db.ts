import pg from 'pg';

/**
 * What every part of the PostgreSQL storage shares: its pool (BIGINT read as a
 * JavaScript number: seqs, positions and epoch milliseconds stay far below 2^53),
 * byte conversions without copies, and transactions that give back a connection
 * only when it is still sound.
 */

export type Db = pg.Pool | pg.PoolClient;

const INT8_OID = 20;

/** BIGINT as a number, every other type as node-postgres reads it. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function openPool(url: string, max?: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    options: '-c synchronous_commit=on',
    types,
    ...(max !== undefined ? { max } : {}),
  });
  // An idle connection the server closed (a restart, a failover) is dropped from the
  // pool; the next query opens another. Without a listener it would end the process.
  pool.on('error', () => undefined);
  return pool;
}

export const bytesOf = (b: Buffer): Uint8Array =>
  new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
/** A `bytea` parameter: the same memory as a Buffer, no copy. */
export const byteaOf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Runs `task` in one transaction on one connection (`begin` opens it: a read-only
 * snapshot for reads that must agree with each other). A connection that could not
 * even roll back is closed, not reused.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  task: (c: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const c = await pool.connect();
  // A connection lost mid-transaction (the server restarted, the session was killed):
  // the pending query rejects with the reason; the event itself must not end the process.
  const lost = () => undefined;
  c.on('error', lost);
  let healthy = true;
  try {
    await c.query(begin);
    const result = await task(c);
    await c.query('COMMIT');
    return result;
  } catch (e) {
    healthy = await c.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    throw e;
  } finally {
    c.off('error', lost);
    c.release(!healthy);
  }
}

/** A snapshot that sees one committed state throughout, for reads made of several queries. */
export const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
