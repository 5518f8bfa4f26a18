import { consistencyProof, inclusionProof, treeRoot, type Hash } from '@doc/merkle.ts';
import type { RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type {
  CommitItem,
  DistrictEntry,
  LogLeaf,
  LogTree,
  Puller,
  ServerStorage,
} from '../types.ts';
import { byteaOf, bytesOf, openPool, SNAPSHOT, inTransaction } from './pg-db.ts';
import { keepDistrictEntries, moveEntries, recordEntries } from './pg-entries.ts';
import { merkleSize, withNodes } from './pg-merkle.ts';
import { migrate } from './pg-migrations.ts';
import { PgRecordLog } from './pg-record-log.ts';

/**
 * The whole server storage on PostgreSQL (PATRAVALI_DATABASE_URL, decision 0007):
 * the record log (pg-record-log.ts) and accounts (pg-accounts.ts) with what the
 * administrator's repair, the Merkle log's proofs and the data generation need.
 * Everything that writes the update log takes the commit lock first, so seqs,
 * positions and leaves stay in commit order across every instance.
 */

export async function openPgStorage(url: string): Promise<ServerStorage> {
  const pool = openPool(url);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return new PgStorage(pool);
}

export class PgStorage extends PgRecordLog implements ServerStorage {
  async logTree(): Promise<LogTree> {
    return inTransaction(
      this.pool,
      async (c) => {
        const size = await merkleSize(c);
        return { size, root: await withNodes(c, (perfect) => treeRoot(perfect, size)) };
      },
      SNAPSHOT,
    );
  }

  async logConsistency(size1: number, size2: number): Promise<readonly Hash[]> {
    if (size2 > (await merkleSize(this.pool))) throw new RangeError(`the log has no size ${size2}`);
    return withNodes(this.pool, (perfect) => consistencyProof(perfect, size1, size2));
  }

  async logInclusion(leaf: number, size: number): Promise<readonly Hash[]> {
    if (size > (await merkleSize(this.pool))) throw new RangeError(`the log has no size ${size}`);
    return withNodes(this.pool, (perfect) => inclusionProof(perfect, leaf, size));
  }

  async recordLeaves(recordId: RecordId): Promise<readonly LogLeaf[]> {
    const { rows } = await this.pool.query<{ event_id: string; leaf: number }>(
      'SELECT event_id, leaf FROM event_log WHERE record_id = $1 AND leaf IS NOT NULL ORDER BY pos',
      [recordId],
    );
    return rows.map((r) => ({ eventId: r.event_id, leaf: r.leaf }));
  }

  async recordLog(recordId: RecordId): Promise<readonly LogEntry[]> {
    return recordEntries(this.pool, recordId, this.ownOrder);
  }

  async recordIds(): Promise<readonly RecordId[]> {
    const { rows } = await this.pool.query<{ id: RecordId }>(
      'SELECT DISTINCT record_id COLLATE "C" AS id FROM updates ORDER BY 1',
    );
    return rows.map((r) => r.id);
  }

  async recordRows(recordId: RecordId): Promise<readonly { seq: number; bytes: Uint8Array }[]> {
    const { rows } = await this.pool.query<{ seq: number; bytes: Buffer }>(
      'SELECT seq, bytes FROM updates WHERE record_id = $1 ORDER BY seq',
      [recordId],
    );
    return rows.map((r) => ({ seq: r.seq, bytes: new Uint8Array(bytesOf(r.bytes)) }));
  }

  async replaceRecordRows(
    recordId: RecordId,
    state: Uint8Array,
    at: number,
    pulledBy?: Puller,
  ): Promise<number> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      const { rows } = await c.query<{ office: string; author: string }>(
        'SELECT office, author FROM updates WHERE record_id = $1 ORDER BY seq DESC LIMIT 1',
        [recordId],
      );
      const head = rows[0];
      if (head === undefined) throw new Error(`record ${recordId} has no rows`);
      await c.query('DELETE FROM updates WHERE record_id = $1', [recordId]);
      const seq = await this.nextSeq(c);
      await c.query(
        `INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          seq,
          recordId,
          head.office,
          pulledBy?.person ?? head.author,
          pulledBy?.deviceId ?? null,
          byteaOf(state),
          at,
        ],
      );
      await moveEntries(c, recordId, seq);
      await c.query('DELETE FROM quarantined_records WHERE record_id = $1', [recordId]);
      return seq;
    });
  }

  async keepDistrictEntries(
    recordId: RecordId,
    entries: readonly DistrictEntry[],
    at: number,
  ): Promise<number> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      if (!(await keepDistrictEntries(c, recordId, entries))) return 0;
      return this.compactRows(c, recordId, 'resend', at);
    });
  }

  async removeRecord(recordId: RecordId): Promise<number> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      const removed = await c.query('DELETE FROM updates WHERE record_id = $1', [recordId]);
      await c.query('DELETE FROM record_access WHERE record_id = $1', [recordId]);
      await c.query('DELETE FROM summaries WHERE record_id = $1', [recordId]);
      await c.query('DELETE FROM quarantined_records WHERE record_id = $1', [recordId]);
      // The log of record order and the Merkle log keep its entries: no row carries them now.
      await moveEntries(c, recordId, 0);
      return removed.rowCount ?? 0;
    });
  }

  async quarantineRecord(recordId: RecordId, reason: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO quarantined_records (record_id, reason, at) VALUES ($1, $2, $3)
         ON CONFLICT (record_id) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at`,
      [recordId, reason, at],
    );
  }

  async quarantinedRecord(recordId: RecordId): Promise<{ reason: string; at: number } | null> {
    const { rows } = await this.pool.query<{ reason: string; at: number }>(
      'SELECT reason, at FROM quarantined_records WHERE record_id = $1',
      [recordId],
    );
    return rows[0] ?? null;
  }

  async demoSeeded(): Promise<boolean> {
    const { rows } = await this.pool.query<{ seeded: boolean }>(
      'SELECT demo_seeded AS seeded FROM log_state WHERE id = 1',
    );
    return rows[0]?.seeded ?? false;
  }

  /** Under the commit lock, so two instances starting at once seed the generation once. */
  async seedDemo(items: readonly CommitItem[], at: number): Promise<boolean> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      const { rows } = await c.query<{ seeded: boolean }>(
        'SELECT demo_seeded AS seeded FROM log_state WHERE id = 1',
      );
      if (rows[0]?.seeded === true) return false;
      for (const item of items) await this.commitOne(c, item, at);
      await c.query('UPDATE log_state SET demo_seeded = TRUE WHERE id = 1');
      return true;
    });
  }

  /** Seqs keep rising (log_state.last_seq stays); the Merkle log only grows. */
  async resetRecords(): Promise<number> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      await c.query(`DELETE FROM updates; DELETE FROM record_access; DELETE FROM summaries;
        DELETE FROM event_log; DELETE FROM dispatch_register;`);
      const { rows } = await c.query<{ generation: number }>(
        `UPDATE log_state SET generation = generation + 1, demo_seeded = FALSE WHERE id = 1
           RETURNING generation`,
      );
      return rows[0]?.generation ?? 1;
    });
  }
}
