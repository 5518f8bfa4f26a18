import type { Database, Statement } from 'better-sqlite3';
import { logLeafHash, itemHashesOf } from '@doc/log-leaf.ts';
import { nodeHash, type Hash, type PerfectLookup } from '@doc/merkle.ts';
import { loadRecordDoc } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';

/**
 * The server's Merkle log (src/doc/merkle.ts) in SQLite:
 * - `merkle_nodes` (level, idx, hash): every complete subtree once written,
 *   level 0 being the leaves. Appending leaf i writes it and the subtrees it
 *   completes (on average one more row), so a root or a proof of any size is
 *   O(log n) primary-key lookups, never a scan of the leaves.
 * - `event_log.leaf`: the leaf index of each log entry, in `pos` order; NULL
 *   for an entry not yet in the tree (rows from before the tree, which
 *   `appendMissingLeaves` adds when the server starts).
 * The tree only grows: a demo reset deletes the entries but keeps the tree.
 */

export type Sql = (source: string) => Statement;

export function merkleSize(sql: Sql): number {
  const row = sql('SELECT MAX(idx) AS last FROM merkle_nodes WHERE level = 0').get() as {
    last: number | null;
  };
  return row.last === null ? 0 : row.last + 1;
}

export function perfectLookup(sql: Sql): PerfectLookup {
  const get = sql('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?').pluck();
  return (level, index) => {
    const hash = get.get(level, index) as Buffer | undefined;
    if (hash === undefined) throw new Error(`Merkle node ${level}/${index} is missing`);
    return new Uint8Array(hash.buffer, hash.byteOffset, hash.byteLength);
  };
}

/** Appends one leaf hash (inside the caller's transaction); returns its index. */
export function appendLeaf(sql: Sql, leaf: Hash): number {
  const index = merkleSize(sql);
  const put = sql('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const perfect = perfectLookup(sql);
  put.run(0, index, Buffer.from(leaf));
  let level = 0;
  let i = index;
  let hash = leaf;
  // A right child completes its parent: write each subtree this leaf closes.
  while (i % 2 === 1) {
    hash = nodeHash(perfect(level, i - 1), hash);
    level++;
    i = (i - 1) / 2;
    put.run(level, i, Buffer.from(hash));
  }
  return index;
}

/** Appends the leaf of one log entry and records its index on the entry. */
export function logEntryLeaf(
  sql: Sql,
  pos: number,
  recordId: RecordId,
  eventId: string,
  hash: string,
): void {
  const leaf = appendLeaf(sql, logLeafHash(recordId, eventId, hash));
  sql('UPDATE event_log SET leaf = ? WHERE pos = ?').run(leaf, pos);
}

interface Unlogged {
  pos: number;
  record_id: RecordId;
  event_id: string;
}

const bytesOf = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * Adds every log entry not yet in the tree, in `pos` order, each with its item's
 * hash read from the record as stored (an item the record no longer has, or a
 * record that does not load, logs an empty hash). Run in one transaction by the
 * migration that made the tree and at every start; with nothing to add it is one
 * indexed query.
 */
export function appendMissingLeaves(db: Database): number {
  const cache = new Map<string, Statement>();
  const sql: Sql = (source) => {
    const known = cache.get(source);
    if (known !== undefined) return known;
    const made = db.prepare(source);
    cache.set(source, made);
    return made;
  };
  const rows = sql(
    'SELECT pos, record_id, event_id FROM event_log WHERE leaf IS NULL ORDER BY pos',
  ).all() as Unlogged[];
  if (rows.length === 0) return 0;
  const hashes = new Map<RecordId, Map<string, string>>();
  const rowsOf = sql('SELECT bytes FROM updates WHERE record_id = ? ORDER BY seq').pluck();
  const hashesOf = (recordId: RecordId): Map<string, string> => {
    const known = hashes.get(recordId);
    if (known !== undefined) return known;
    let made = new Map<string, string>();
    try {
      const doc = loadRecordDoc((rowsOf.all(recordId) as Buffer[]).map(bytesOf));
      made = itemHashesOf(recordId, doc);
      doc.destroy();
    } catch {
      // A damaged record: its entries are logged with empty hashes rather than stopping the start.
    }
    hashes.set(recordId, made);
    return made;
  };
  db.transaction(() => {
    for (const r of rows)
      logEntryLeaf(
        sql,
        r.pos,
        r.record_id,
        r.event_id,
        hashesOf(r.record_id).get(r.event_id) ?? '',
      );
  })();
  return rows.length;
}
