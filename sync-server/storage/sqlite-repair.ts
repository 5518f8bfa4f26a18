import type { RecordId } from '@domain/ids.ts';
import { SqliteRecordLog } from './sqlite-log.ts';
import type { Puller } from './types.ts';

/**
 * What the administrator's check-records and repair-record read and write
 * (sync-server/admin-records.ts), a layer of the SQLite storage:
 * - `updates`              a record's rows as stored, damaged ones too, and
 *                          their replacement by one rebuilt row;
 * - `quarantined_records`  records damaged beyond rebuilding, with why and
 *                          when; syncs refuse them as recordDamaged;
 * and what an office relay drops of a record the district refused whole.
 */
export class SqliteRepair extends SqliteRecordLog {
  async recordIds(): Promise<readonly RecordId[]> {
    const rows = this.sql('SELECT DISTINCT record_id AS id FROM updates ORDER BY id').all() as {
      id: RecordId;
    }[];
    return rows.map((r) => r.id);
  }

  async recordRows(recordId: RecordId): Promise<readonly { seq: number; bytes: Uint8Array }[]> {
    const rows = this.sql('SELECT seq, bytes FROM updates WHERE record_id = ? ORDER BY seq').all(
      recordId,
    ) as { seq: number; bytes: Buffer }[];
    return rows.map((r) => ({ seq: r.seq, bytes: new Uint8Array(r.bytes) }));
  }

  async replaceRecordRows(
    recordId: RecordId,
    state: Uint8Array,
    at: number,
    pulledBy?: Puller,
  ): Promise<number> {
    const run = this.db.transaction((): number => {
      const head = this.sql(
        'SELECT office, author FROM updates WHERE record_id = ? ORDER BY seq DESC LIMIT 1',
      ).get(recordId) as { office: string; author: string };
      this.sql('DELETE FROM updates WHERE record_id = ?').run(recordId);
      const r = this.sql(
        `INSERT INTO updates (record_id, office, author, device_id, bytes, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        recordId,
        head.office,
        pulledBy?.person ?? head.author,
        pulledBy?.deviceId ?? null,
        Buffer.from(state),
        at,
      );
      const seq = Number(r.lastInsertRowid);
      this.moveEntries(recordId, seq);
      this.sql('DELETE FROM quarantined_records WHERE record_id = ?').run(recordId);
      return seq;
    });
    return run.immediate();
  }

  async removeRecord(recordId: RecordId): Promise<number> {
    const run = this.db.transaction((): number => {
      const removed = this.sql('DELETE FROM updates WHERE record_id = ?').run(recordId).changes;
      this.sql('DELETE FROM record_access WHERE record_id = ?').run(recordId);
      this.sql('DELETE FROM summaries WHERE record_id = ?').run(recordId);
      this.sql('DELETE FROM quarantined_records WHERE record_id = ?').run(recordId);
      // The log of record order and the Merkle log keep its entries: no row carries them now.
      this.moveEntries(recordId, 0);
      return removed;
    });
    return run.immediate();
  }

  async quarantineRecord(recordId: RecordId, reason: string, at: number): Promise<void> {
    this.sql(
      'INSERT OR REPLACE INTO quarantined_records (record_id, reason, at) VALUES (?, ?, ?)',
    ).run(recordId, reason, at);
  }

  async quarantinedRecord(recordId: RecordId): Promise<{ reason: string; at: number } | null> {
    const row = this.sql('SELECT reason, at FROM quarantined_records WHERE record_id = ?').get(
      recordId,
    ) as { reason: string; at: number } | undefined;
    return row ?? null;
  }
}
