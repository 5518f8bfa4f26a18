import type pg from 'pg';
import * as Y from 'yjs';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { Grade } from '@domain/events.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';
import { pageOf, skipping, type PagedDbRow } from '../sqlite-rows.ts';
import type {
  CommitItem,
  DeskRecord,
  DeviceContact,
  LogTotals,
  Page,
  PageSkip,
  Puller,
  Scope,
  SearchableRow,
  Settled,
  StoredUpdate,
} from '../types.ts';
import { RELAY_OWN_ORDER } from '../record-log-types.ts';
import { RecordConflictError, StaleGenerationError } from '../types.ts';
import { PgAccounts } from './pg-accounts.ts';
import { byteaOf, bytesOf, inTransaction, openPool, SNAPSHOT } from './pg-db.ts';
import { appendEntries, moveEntries, withEntries } from './pg-entries.ts';
import { compactAtRelayPg } from './pg-settled.ts';
import type { CompactionMode } from '../settled-rows.ts';
import { COMMIT_LOCK, migrate } from './pg-migrations.ts';
import { conflictsOf, headOf, rowCount } from './pg-heads.ts';
import { headQuery, pageQuery } from './pg-scope.ts';
import { wholeRowsPg, withWholeFacts } from './pg-whole-records.ts';
import { wholeRecordIds, withWholeRecords } from '../whole-records.ts';
import { deskRecordsPg, recordUpdatesPg, scopeTotalsPg } from './pg-desk.ts';
import {
  gradeOf,
  searchableOf,
  staleSummariesOf,
  summariesOf,
  upsertSummary,
} from './pg-summaries.ts';

/**
 * The record log on PostgreSQL (issue 19, docs/decisions/0007-storage-contract.md):
 * the update log and its cursor, access lists and projection rows, in the tables
 * of pg-migrations.ts. Several server instances may share one database:
 * - a commit takes the commit lock (`pg_advisory_xact_lock`) as its first
 *   statement and hands out seqs from `log_state` while holding it; PostgreSQL
 *   releases the lock only once the commit is durable and visible, so the
 *   visible seqs are always a prefix and a cursor never passes a row still to come;
 * - inside the lock it compares each item's record head (compare-and-commit) and
 *   the data generation, and writes nothing when either moved;
 * - every connection runs with synchronous_commit on: acknowledged means durable.
 * - each item's log entries (pg-entries.ts) get their positions and Merkle leaves
 *   under the same lock, and the pushing device's contact is stored in the same
 *   transaction.
 * The accounts half is the base class (pg-accounts.ts); pg-storage.ts adds the
 * Merkle log's reads, repair and the data generation.
 */

/** Rows a page scans at most; a page stops earlier at its byte budget. */
const PAGE_ROWS = 256;
/** Fewest rows one page query asks for. */
const MIN_BATCH_ROWS = 16;
/** A record with more rows than this is compacted into one snapshot row on commit. */
const COMPACT_AFTER_ROWS = 64;

export async function openPgRecordLog(url: string): Promise<PgRecordLog> {
  const pool = openPool(url);
  await migrate(pool);
  return new PgRecordLog(pool);
}

export class PgRecordLog extends PgAccounts {
  /** Running average of an update row's bytes, as page queries read them. */
  private rowBytes = 1024;
  /** At an office relay, what the district has (settleCompactionAs); null elsewhere. */
  private settled: Settled | null = null;

  /** What an entry the district has not logged is read at, above its own position. */
  protected ownOrder = 0;

  settleCompactionAs(settled: Settled): void {
    this.settled = settled;
  }

  orderAsRelay(): void {
    this.ownOrder = RELAY_OWN_ORDER;
  }

  async recordOffice(recordId: RecordId): Promise<OfficeId | null> {
    const { rows } = await this.pool.query<{ office: OfficeId }>(
      'SELECT office FROM updates WHERE record_id = $1 LIMIT 1',
      [recordId],
    );
    return rows[0]?.office ?? null;
  }

  async recordHead(recordId: RecordId): Promise<number> {
    return headOf(this.pool, recordId);
  }

  async recordState(recordId: RecordId): Promise<Uint8Array> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>(
      'SELECT bytes FROM updates WHERE record_id = $1 ORDER BY seq',
      [recordId],
    );
    if (rows.length === 0) return new Uint8Array(0);
    const all = rows.map((r) => bytesOf(r.bytes));
    return all.length === 1 ? (all[0] ?? new Uint8Array(0)) : Y.mergeUpdates(all);
  }

  async recordAccess(recordId: RecordId): Promise<readonly PersonId[]> {
    const { rows } = await this.pool.query<{ person: PersonId }>(
      'SELECT person FROM record_access WHERE record_id = $1 ORDER BY person',
      [recordId],
    );
    return rows.map((r) => r.person);
  }

  async recordNumbered(office: OfficeId, number: string): Promise<RecordId | null> {
    const { rows } = await this.pool.query<{ id: RecordId }>(
      'SELECT record_id AS id FROM summaries WHERE office = $1 AND number = $2 LIMIT 1',
      [office, number],
    );
    return rows[0]?.id ?? null;
  }

  async recordGrade(recordId: RecordId): Promise<Grade> {
    return gradeOf(this.pool, recordId);
  }

  async summaries(office: OfficeId | null): Promise<readonly RecordRow[]> {
    return summariesOf(this.pool, office);
  }

  async searchable(
    office: OfficeId | null,
    searchVersion: number,
  ): Promise<readonly SearchableRow[]> {
    return searchableOf(this.pool, office, searchVersion);
  }

  async staleSummaries(version: number, searchVersion?: number): Promise<readonly RecordId[]> {
    return staleSummariesOf(this.pool, version, searchVersion);
  }

  async saveSummaries(rows: readonly RecordRow[], search?: readonly SearchRow[]): Promise<void> {
    const keys = new Map((search ?? []).map((s) => [s.id, s]));
    await this.transaction(async (c) => {
      for (const row of rows) await upsertSummary(c, row, keys.get(row.id));
    });
  }

  /** Merges the record's rows into one that keeps the highest seq (under the commit lock). */
  async compact(recordId: RecordId, at: number): Promise<void> {
    await this.transaction(async (c) => {
      await this.lockCommits(c);
      await this.compactRows(c, recordId, 'keepSeq', at);
    });
  }

  async generation(): Promise<number> {
    const { rows } = await this.pool.query<{ generation: number }>(
      'SELECT generation FROM log_state WHERE id = 1',
    );
    return rows[0]?.generation ?? 1;
  }

  async commit(
    items: readonly CommitItem[],
    at: number,
    generation?: number,
    contact?: DeviceContact,
  ): Promise<readonly number[]> {
    return this.transaction(async (c) => {
      await this.lockCommits(c);
      const actual = await this.generationIn(c);
      if (generation !== undefined && generation !== actual)
        throw new StaleGenerationError(generation, actual);
      const conflicts = await conflictsOf(c, items);
      if (conflicts.length > 0) throw new RecordConflictError(conflicts);
      if (contact !== undefined) await saveContact(c, contact);
      const seqs: number[] = [];
      for (const item of items) seqs.push(await this.commitOne(c, item, at));
      await this.committing();
      return seqs;
    });
  }

  async updatesSince(
    cursor: number,
    scope: Scope,
    maxBytes: number,
    puller?: Puller,
    skip?: PageSkip,
  ): Promise<Page> {
    // The rows and their entries from one snapshot: a compaction in between moves entries.
    return inTransaction(
      this.pool,
      async (c) => {
        // Issue 19: the first PAGE_ROWS rows past the cursor, as before, but read in
        // batches sized to the byte budget (about 60 rows fill 128 KB), stopping as
        // soon as the page is decided: the same rows, so the same page. The updates come
        // as base64 text (1.33× their size; bytea's text form is hex, 2×): node-postgres
        // 8 reads a binary result field as UTF-8 text, which would corrupt updates
        // (docs/BENCHMARKS.md, issue 19).
        const rows: PagedDbRow[] = [];
        const whole = new Set<RecordId>();
        let page: Page;
        for (;;) {
          const limit = this.batchRows(rows, maxBytes);
          const after = rows[rows.length - 1]?.seq ?? cursor;
          const q = pageQuery(scope, after, limit, puller);
          const batch = await c.query<{
            seq: string;
            record_id: string;
            bytes64: string;
            own: boolean;
          }>(q.text, [...q.values]);
          let read = 0;
          const read64 = batch.rows.map((r) => {
            const bytes = Buffer.from(r.bytes64, 'base64');
            read += bytes.byteLength;
            return { seq: Number(r.seq), record_id: r.record_id, bytes, own: r.own ? 1 : 0 };
          });
          for (const row of await withWholeFacts(c, read64, skip)) {
            const r = skipping(row, skip);
            if (r.cost !== undefined) whole.add(r.record_id as RecordId);
            rows.push(r);
          }
          if (batch.rows.length > 0) this.rowBytes = (this.rowBytes + read / batch.rows.length) / 2;
          page = pageOf(rows, cursor, maxBytes);
          // Stopped at the budget, or the log ends here.
          if (page.more || batch.rows.length < limit) break;
          // PAGE_ROWS rows that fit the budget: more rows may follow them.
          if (rows.length >= PAGE_ROWS) {
            page = { ...page, more: true };
            break;
          }
        }
        const updates = await withEntries(c, page.updates, this.ownOrder);
        if (skip?.wholeFrom === undefined) return { ...page, updates };
        const ids = wholeRecordIds(page.updates, whole, skip.upTo);
        const rowsOf = await wholeRowsPg(c, ids, skip.upTo, this.ownOrder);
        return { ...page, updates: withWholeRecords(updates, whole, skip.upTo, rowsOf) };
      },
      SNAPSHOT,
    );
  }

  /**
   * Rows for the next batch of a page: enough, at the running average row size,
   * to fill what is left of the budget and read the row past it (which ends the
   * page), with a margin; never past PAGE_ROWS in all.
   */
  private batchRows(rows: readonly PagedDbRow[], maxBytes: number): number {
    let left = maxBytes;
    for (const r of rows) if (r.own === 0) left -= r.bytes.byteLength;
    const wanted = Math.ceil((Math.max(left, 0) / Math.max(this.rowBytes, 64)) * 1.25) + 2;
    return Math.min(Math.max(wanted, MIN_BATCH_ROWS), PAGE_ROWS - rows.length);
  }

  async headSeq(scope: Scope): Promise<number> {
    const q = headQuery(scope);
    const { rows } = await this.pool.query<{ head: string }>(q.text, [...q.values]);
    return Number(rows[0]?.head ?? 0);
  }

  deskRecords(person: PersonId): Promise<readonly DeskRecord[]> {
    return deskRecordsPg(this.pool, person);
  }

  recordUpdates(recordId: RecordId, upTo: number): Promise<readonly StoredUpdate[]> {
    return recordUpdatesPg(this.pool, recordId, upTo, this.ownOrder);
  }

  scopeTotals(scope: Scope, after: number, upTo: number, from?: number): Promise<LogTotals> {
    return scopeTotalsPg(this.pool, scope, after, upTo, from);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Serialises commits and orders their seqs: held from the commit's first statement
   * until PostgreSQL has made it durable and visible.
   */
  protected async lockCommits(c: pg.PoolClient): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1)', [COMMIT_LOCK]);
  }

  /** The next seq, under the commit lock. */
  protected async nextSeq(c: pg.PoolClient): Promise<number> {
    const { rows } = await c.query<{ seq: string }>(
      'UPDATE log_state SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq AS seq',
    );
    return Number(rows[0]?.seq);
  }

  /** Called with the commit's rows written, before COMMIT (a test holds commits here). */
  protected async committing(): Promise<void> {}

  protected transaction<T>(task: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, task);
  }

  protected async generationIn(c: pg.PoolClient): Promise<number> {
    const { rows } = await c.query<{ generation: number }>(
      'SELECT generation FROM log_state WHERE id = 1',
    );
    return rows[0]?.generation ?? 1;
  }

  protected async commitOne(c: pg.PoolClient, item: CommitItem, at: number): Promise<number> {
    let seq = await this.nextSeq(c);
    await c.query(
      `INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        seq,
        item.recordId,
        item.office,
        item.author,
        item.deviceId ?? null,
        byteaOf(item.update),
        at,
      ],
    );
    await appendEntries(c, item.recordId, seq, item.entries ?? []);
    for (const person of item.access)
      await c.query(
        `INSERT INTO record_access (record_id, person, office) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
        [item.recordId, person, item.office],
      );
    if (item.summary !== null) await upsertSummary(c, item.summary, item.search);
    if (item.resequence) seq = await this.compactRows(c, item.recordId, 'newSeq', at);
    else if ((await rowCount(c, item.recordId)) > COMPACT_AFTER_ROWS)
      await this.compactRows(c, item.recordId, 'keepSeq', at);
    return seq;
  }

  /** As SqliteStorage's: one merged row, under the highest seq ('keepSeq') or a new one. */
  protected async compactRows(
    c: pg.PoolClient,
    recordId: RecordId,
    mode: CompactionMode,
    at: number,
  ): Promise<number> {
    if (this.settled !== null)
      return compactAtRelayPg(c, recordId, mode, at, this.settled, () => this.nextSeq(c));
    const { rows } = await c.query<{ seq: string; office: string; author: string; bytes: Buffer }>(
      'SELECT seq, office, author, bytes FROM updates WHERE record_id = $1 ORDER BY seq',
      [recordId],
    );
    const last = rows[rows.length - 1];
    if (last === undefined) return 0;
    if (rows.length === 1 && mode === 'keepSeq') return Number(last.seq);
    const seq = mode === 'keepSeq' ? Number(last.seq) : await this.nextSeq(c);
    const merged = Y.mergeUpdates(rows.map((r) => bytesOf(r.bytes)));
    await c.query('DELETE FROM updates WHERE record_id = $1', [recordId]);
    await c.query(
      `INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6)`,
      [seq, recordId, last.office, last.author, byteaOf(merged), at],
    );
    await moveEntries(c, recordId, seq);
    return seq;
  }
}

async function saveContact(c: pg.PoolClient, contact: DeviceContact): Promise<void> {
  await c.query(
    `INSERT INTO device_contact (device_id, last_at, last_push_bytes, anchor) VALUES ($1, $2, $3, $4)
       ON CONFLICT (device_id) DO UPDATE SET last_at = EXCLUDED.last_at,
         last_push_bytes = EXCLUDED.last_push_bytes, anchor = EXCLUDED.anchor`,
    [contact.deviceId, contact.lastAt, contact.lastPushBytes, contact.anchor],
  );
}
