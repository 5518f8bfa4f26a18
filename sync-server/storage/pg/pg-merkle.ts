import type pg from 'pg';
import { logLeafHash } from '@doc/log-leaf.ts';
import { nodeHash, type Hash, type PerfectLookup } from '@doc/merkle.ts';
import type { RecordId } from '@domain/ids.ts';
import { byteaOf, bytesOf, type Db } from './pg-db.ts';

/**
 * The server's Merkle log (src/doc/merkle.ts) on PostgreSQL, as sqlite-merkle.ts
 * keeps it on SQLite: `merkle_nodes` (level, idx, hash) holds every complete
 * subtree once written, level 0 the leaves; `event_log.leaf` each entry's leaf.
 * Leaves are appended only inside a commit, under the commit lock, so in position
 * order. A root or a proof reads only the O(log n) nodes it needs, in one query:
 * which nodes those are depends on the sizes alone, so a first pass with
 * placeholder hashes lists them and a second computes with the fetched ones.
 */

export async function merkleSize(db: Db): Promise<number> {
  const { rows } = await db.query<{ last: number | null }>(
    'SELECT MAX(idx) AS last FROM merkle_nodes WHERE level = 0',
  );
  const last = rows[0]?.last ?? null;
  return last === null ? 0 : last + 1;
}

async function node(db: Db, level: number, idx: number): Promise<Hash> {
  const { rows } = await db.query<{ hash: Buffer }>(
    'SELECT hash FROM merkle_nodes WHERE level = $1 AND idx = $2',
    [level, idx],
  );
  const hash = rows[0]?.hash;
  if (hash === undefined) throw new Error(`Merkle node ${level}/${idx} is missing`);
  return bytesOf(hash);
}

/** Appends one leaf and the subtrees it completes (inside the commit); returns its index. */
async function appendLeaf(c: pg.PoolClient, leaf: Hash): Promise<number> {
  const index = await merkleSize(c);
  const put = (level: number, idx: number, hash: Hash) =>
    c.query('INSERT INTO merkle_nodes (level, idx, hash) VALUES ($1, $2, $3)', [
      level,
      idx,
      byteaOf(hash),
    ]);
  await put(0, index, leaf);
  let level = 0;
  let i = index;
  let hash = leaf;
  // A right child completes its parent: write each subtree this leaf closes.
  while (i % 2 === 1) {
    hash = nodeHash(await node(c, level, i - 1), hash);
    level++;
    i = (i - 1) / 2;
    await put(level, i, hash);
  }
  return index;
}

/** Appends the leaf of the log entry at `pos` and records its index on the entry. */
export async function logEntryLeaf(
  c: pg.PoolClient,
  pos: number,
  recordId: RecordId,
  eventId: string,
  hash: string,
): Promise<void> {
  const leaf = await appendLeaf(c, logLeafHash(recordId, eventId, hash));
  await c.query('UPDATE event_log SET leaf = $1 WHERE pos = $2', [leaf, pos]);
}

const PLACEHOLDER: Hash = new Uint8Array(32);

/** Runs `compute` over the stored nodes it asks for, fetched in one query. */
export async function withNodes<T>(db: Db, compute: (perfect: PerfectLookup) => T): Promise<T> {
  const wanted = new Map<string, [number, number]>();
  compute((level, index) => {
    wanted.set(`${level}/${index}`, [level, index]);
    return PLACEHOLDER;
  });
  const keys = [...wanted.values()];
  const { rows } = await db.query<{ level: number; idx: number; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM merkle_nodes n
       JOIN unnest($1::int[], $2::bigint[]) AS k (level, idx) ON n.level = k.level AND n.idx = k.idx`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, bytesOf(r.hash)]));
  return compute((level, index) => {
    const hash = found.get(`${level}/${index}`);
    if (hash === undefined) throw new Error(`Merkle node ${level}/${index} is missing`);
    return hash;
  });
}
