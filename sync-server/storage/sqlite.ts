import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import type { Grade } from '@domain/events.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';
import { SqliteRepair } from './sqlite-repair.ts';
import { conflictsOf, headOf } from './sqlite-heads.ts';
import { appendMissingLeaves } from './sqlite-merkle.ts';
import { migrate } from './sqlite-migrations.ts';
import {
  pageOf,
  searchableFromRow,
  skippedRows,
  summaryFromRow,
  summaryParams,
} from './sqlite-rows.ts';
import type { PagedDbRow, SearchableDbRow, SummaryDbRow } from './sqlite-rows.ts';
import { headQuery, pageQuery, totalsQuery } from './sqlite-scope.ts';
import { DESK_SQL, deskOf, type DeskDbRow } from './sqlite-desk.ts';
import * as byRecord from './whole-records.ts';
import type {
  CommitItem,
  DeskRecord,
  DeviceContact,
  DistrictEntry,
  LogTotals,
  PageSkip,
  StoredUpdate,
  Page,
  Puller,
  Scope,
  SearchableRow,
  ServerStorage,
  Settled,
} from './types.ts';
import { compactAtRelay } from './sqlite-settled.ts';
import type { CompactionMode } from './settled-rows.ts';
import { keepDistrictEntries } from './sqlite-register.ts';
import { RecordConflictError, StaleGenerationError } from './types.ts';

/**
 * SQLite storage: one file, `<dataDir>/patravali.sqlite`, WAL journal with
 * synchronous=FULL so a commit is on disk before it returns. This half holds
 * the record data: the append-only update log (seq = global cursor), record
 * access lists, the projection (summaries: each record's projection row, whole
 * as JSON with its version, plus typed columns for SQL, its security grade
 * among them: paging leaves out restricted records off the puller's list) and the data generation
 * with its demo-seeded flag (data_state, one row). The accounts half
 * (directory, credentials, sessions, devices, author keys) is sqlite-accounts.ts;
 * the log of record order and device contacts is sqlite-log.ts.
 */

export const SQLITE_FILE = 'patravali.sqlite';
/** A record with more log rows than this is compacted into one snapshot row on commit. */
const COMPACT_AFTER_ROWS = 64;

export interface SqliteOptions {
  /** COMPACT_AFTER_ROWS unless a test wants compaction to happen often. */
  readonly compactAfterRows?: number;
}

interface UpdateDbRow {
  seq: number;
  record_id: string;
  bytes: Buffer;
}

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function openSqliteStorage(dataDir: string, options: SqliteOptions = {}): ServerStorage {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  // Entries the tree lacks (none, unless the database was changed by hand) become leaves.
  appendMissingLeaves(db);
  return new SqliteStorage(db, options.compactAfterRows ?? COMPACT_AFTER_ROWS);
}

class SqliteStorage extends SqliteRepair implements ServerStorage {
  /** At an office relay, what the district has (settleCompactionAs); null elsewhere. */
  private settled: Settled | null = null;

  constructor(
    db: BetterSqlite3.Database,
    private readonly compactAfterRows: number,
  ) {
    super(db);
  }

  async recordOffice(recordId: RecordId): Promise<OfficeId | null> {
    const row = this.sql('SELECT office FROM updates WHERE record_id = ? LIMIT 1').get(recordId) as
      { office: OfficeId } | undefined;
    return row?.office ?? null;
  }

  async recordHead(recordId: RecordId): Promise<number> {
    return headOf(this.sqlOf, recordId);
  }

  async recordState(recordId: RecordId): Promise<Uint8Array> {
    return this.mergedRows(recordId).merged;
  }

  async recordNumbered(office: OfficeId, number: string): Promise<RecordId | null> {
    const row = this.sql(
      'SELECT record_id AS id FROM summaries WHERE office = ? AND number = ? LIMIT 1',
    ).get(office, number) as { id: RecordId } | undefined;
    return row?.id ?? null;
  }

  async recordGrade(recordId: RecordId): Promise<Grade> {
    const row = this.sql('SELECT grade FROM summaries WHERE record_id = ?').get(recordId) as
      { grade: Grade } | undefined;
    return row?.grade ?? 'normal';
  }

  async recordAccess(recordId: RecordId): Promise<readonly PersonId[]> {
    const rows = this.sql(
      'SELECT person FROM record_access WHERE record_id = ? ORDER BY person',
    ).all(recordId) as { person: PersonId }[];
    return rows.map((r) => r.person);
  }

  async commit(
    items: readonly CommitItem[],
    at: number,
    generation?: number,
    contact?: DeviceContact,
  ): Promise<readonly number[]> {
    const run = this.db.transaction((): number[] => {
      const actual = this.dataState().generation;
      if (generation !== undefined && generation !== actual)
        throw new StaleGenerationError(generation, actual);
      const conflicts = conflictsOf(this.sqlOf, items);
      if (conflicts.length > 0) throw new RecordConflictError(conflicts);
      if (contact !== undefined) this.saveContact(contact);
      return items.map((item) => this.commitOne(item, at));
    });
    return run.immediate();
  }

  async updatesSince(
    cursor: number,
    scope: Scope,
    maxBytes: number,
    puller?: Puller,
    skip?: PageSkip,
  ): Promise<Page> {
    const q = pageQuery(scope);
    const upTo = skip?.wholeFrom === undefined ? null : skip.upTo;
    // NULL device_id (snapshots, demo rows) never compares equal, so those rows are always sent.
    const rows = this.sql(upTo === null ? q.sql : byRecord.wholeRowsSql(q.sql)).iterate(
      ...(upTo === null ? [] : [upTo]),
      puller?.deviceId ?? null,
      puller?.person ?? null,
      cursor,
      ...q.params,
    ) as IterableIterator<PagedDbRow>;
    const whole = new Set<RecordId>();
    const page = pageOf(skippedRows(rows, skip, whole), cursor, maxBytes);
    if (upTo === null) return { ...page, updates: this.withEntries(page.updates) };
    const ids = byRecord.wholeRecordIds(page.updates, whole, upTo);
    const rowsOf = new Map(ids.map((id) => [id, this.withEntries(this.rowsUpTo(id, upTo))]));
    const sent = this.withEntries(page.updates);
    return { ...page, updates: byRecord.withWholeRecords(sent, whole, upTo, rowsOf) };
  }

  async headSeq(scope: Scope): Promise<number> {
    const q = headQuery(scope);
    return (this.sql(q.sql).get(...q.params) as { head: number }).head;
  }

  async deskRecords(person: PersonId): Promise<readonly DeskRecord[]> {
    return deskOf(this.sql(DESK_SQL).all({ person }) as DeskDbRow[]);
  }

  async recordUpdates(recordId: RecordId, upTo: number): Promise<readonly StoredUpdate[]> {
    return this.withEntries(this.rowsUpTo(recordId, upTo));
  }

  private rowsUpTo(recordId: RecordId, upTo: number): StoredUpdate[] {
    const rows = this.sql(
      'SELECT seq, bytes FROM updates WHERE record_id = ? AND seq <= ? ORDER BY seq',
    ).all(recordId, upTo) as { seq: number; bytes: Buffer }[];
    return rows.map((r) => ({ seq: r.seq, recordId, update: toBytes(r.bytes) }));
  }

  async scopeTotals(scope: Scope, after: number, upTo: number, from?: number): Promise<LogTotals> {
    const q = totalsQuery(scope);
    const sentWhole = [from ?? after, after];
    return this.sql(q.sql).get(null, null, after, ...q.params, upTo, ...sentWhole) as LogTotals;
  }

  settleCompactionAs(settled: Settled): void {
    this.settled = settled;
  }

  async compact(recordId: RecordId, at: number): Promise<void> {
    this.db.transaction(() => this.compactRows(recordId, 'keepSeq', at))();
  }

  async keepDistrictEntries(
    recordId: RecordId,
    entries: readonly DistrictEntry[],
    at: number,
  ): Promise<number> {
    const run = this.db.transaction((): number =>
      keepDistrictEntries(this.sqlOf, recordId, entries)
        ? this.compactRows(recordId, 'resend', at)
        : 0,
    );
    return run.immediate();
  }

  async summaries(office: OfficeId | null): Promise<readonly RecordRow[]> {
    const rows = (
      office === null
        ? this.sql('SELECT row_json FROM summaries ORDER BY office, holder_since').all()
        : this.sql('SELECT row_json FROM summaries WHERE office = ? ORDER BY holder_since').all(
            office,
          )
    ) as SummaryDbRow[];
    return rows.map(summaryFromRow);
  }

  async searchable(
    office: OfficeId | null,
    searchVersion: number,
  ): Promise<readonly SearchableRow[]> {
    const keys = 'CASE WHEN search_version = @searchVersion THEN search_keys END AS search_keys';
    const rows = (
      office === null
        ? this.sql(`SELECT row_json, ${keys} FROM summaries ORDER BY office, holder_since`).all({
            searchVersion,
          })
        : this.sql(
            `SELECT row_json, ${keys} FROM summaries WHERE office = @office ORDER BY holder_since`,
          ).all({ searchVersion, office })
    ) as SearchableDbRow[];
    return rows.map(searchableFromRow);
  }

  async staleSummaries(version: number, searchVersion?: number): Promise<readonly RecordId[]> {
    const rows = this.sql(
      `SELECT DISTINCT u.record_id AS id FROM updates u
         LEFT JOIN summaries s ON s.record_id = u.record_id
         WHERE s.record_id IS NULL OR s.version <> @version
           OR (@searchVersion IS NOT NULL AND s.search_version <> @searchVersion)
         ORDER BY u.record_id`,
    ).all({ version, searchVersion: searchVersion ?? null }) as { id: RecordId }[];
    return rows.map((r) => r.id);
  }

  async saveSummaries(rows: readonly RecordRow[], search?: readonly SearchRow[]): Promise<void> {
    const keys = new Map((search ?? []).map((s) => [s.id, s]));
    this.db.transaction(() => {
      for (const row of rows) this.upsertSummary(row, keys.get(row.id));
    })();
  }

  async generation(): Promise<number> {
    return this.dataState().generation;
  }

  async demoSeeded(): Promise<boolean> {
    return this.dataState().seeded;
  }

  async seedDemo(items: readonly CommitItem[], at: number): Promise<boolean> {
    const run = this.db.transaction((): boolean => {
      if (this.dataState().seeded) return false;
      for (const item of items) this.commitOne(item, at);
      this.sql('UPDATE data_state SET demo_seeded = 1 WHERE id = 1').run();
      return true;
    });
    return run.immediate();
  }

  async resetRecords(): Promise<number> {
    const run = this.db.transaction((): number => {
      // AUTOINCREMENT keeps its high-water mark in sqlite_sequence, so seqs never go back.
      this.db.exec('DELETE FROM updates; DELETE FROM record_access; DELETE FROM summaries;');
      this.clearLog();
      this.sql(
        'UPDATE data_state SET generation = generation + 1, demo_seeded = 0 WHERE id = 1',
      ).run();
      return this.dataState().generation;
    });
    return run.immediate();
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private dataState(): { generation: number; seeded: boolean } {
    const row = this.sql('SELECT generation, demo_seeded FROM data_state WHERE id = 1').get() as {
      generation: number;
      demo_seeded: number;
    };
    return { generation: row.generation, seeded: row.demo_seeded === 1 };
  }

  private commitOne(item: CommitItem, at: number): number {
    const inserted = this.sql(
      'INSERT INTO updates (record_id, office, author, device_id, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      item.recordId,
      item.office,
      item.author,
      item.deviceId ?? null,
      Buffer.from(item.update),
      at,
    );
    let seq = Number(inserted.lastInsertRowid);
    this.appendEntries(item.recordId, seq, item.entries ?? []);
    const grant = this.sql(
      'INSERT OR IGNORE INTO record_access (record_id, person, office) VALUES (?, ?, ?)',
    );
    for (const person of item.access) grant.run(item.recordId, person, item.office);
    if (item.summary !== null) this.upsertSummary(item.summary, item.search);
    if (item.resequence) seq = this.compactRows(item.recordId, 'newSeq', at);
    else if (this.rowCount(item.recordId) > this.compactAfterRows)
      this.compactRows(item.recordId, 'keepSeq', at);
    return seq;
  }

  private rowCount(recordId: RecordId): number {
    const row = this.sql('SELECT COUNT(*) AS n FROM updates WHERE record_id = ?').get(recordId) as {
      n: number;
    };
    return row.n;
  }

  private mergedRows(recordId: RecordId): { merged: Uint8Array; maxSeq: number; rows: number } {
    const rows = this.sql(
      'SELECT seq, record_id, bytes FROM updates WHERE record_id = ? ORDER BY seq',
    ).all(recordId) as UpdateDbRow[];
    const last = rows[rows.length - 1];
    if (last === undefined) return { merged: new Uint8Array(0), maxSeq: 0, rows: 0 };
    const merged =
      rows.length === 1 ? toBytes(last.bytes) : Y.mergeUpdates(rows.map((r) => toBytes(r.bytes)));
    return { merged, maxSeq: last.seq, rows: rows.length };
  }

  /**
   * Replaces the record's rows by one merged row. 'keepSeq' reuses the highest seq, so a
   * device whose cursor is below it still gets everything it lacks and one at or above it
   * already had all of it. 'newSeq' gives the snapshot a fresh seq, so every device in
   * scope (including newcomers with any cursor) receives the whole record; 'resend'
   * does the same, and at an office relay sends it to its authors' tablets too
   * (compactSettled).
   */
  private compactRows(recordId: RecordId, mode: CompactionMode, at: number): number {
    if (this.settled !== null) return compactAtRelay(this.sqlOf, recordId, mode, at, this.settled);
    const { merged, maxSeq, rows } = this.mergedRows(recordId);
    if (rows === 0) return 0;
    if (rows === 1 && mode === 'keepSeq') return maxSeq;
    const head = this.sql(
      'SELECT office, author FROM updates WHERE record_id = ? ORDER BY seq DESC LIMIT 1',
    ).get(recordId) as { office: string; author: string };
    this.sql('DELETE FROM updates WHERE record_id = ?').run(recordId);
    const insert = this.sql(
      'INSERT INTO updates (seq, record_id, office, author, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const r = insert.run(
      mode === 'keepSeq' ? maxSeq : null,
      recordId,
      head.office,
      head.author,
      Buffer.from(merged),
      at,
    );
    const seq = Number(r.lastInsertRowid);
    this.moveEntries(recordId, seq);
    return seq;
  }

  private upsertSummary(s: RecordRow, search: SearchRow | undefined): void {
    this.sql(
      `INSERT OR REPLACE INTO summaries (record_id, office, kind, number, subject, category, holder,
           holder_since, status, priority, due_date, last_activity, version, grade, row_json,
           search_version, search_keys)
         VALUES (@recordId, @office, @kind, @number, @subject, @category, @holder,
           @holderSince, @status, @priority, @dueDate, @lastActivity, @version, @grade, @rowJson,
           @searchVersion, @searchKeys)`,
    ).run(summaryParams(s, search));
  }
}
