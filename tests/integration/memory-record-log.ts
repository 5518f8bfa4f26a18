import * as Y from 'yjs';
import type { Grade } from '@domain/events.ts';
import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';
import { deskOf, type DeskDbRow } from '../../sync-server/storage/sqlite-desk.ts';
import { pageOf, skipping, type PagedDbRow } from '../../sync-server/storage/sqlite-rows.ts';
import {
  RecordConflictError,
  StaleGenerationError,
  type CommitItem,
  type DeskRecord,
  type LogTotals,
  type NewLogEntry,
  type Page,
  type PageSkip,
  type Puller,
  type Scope,
  type SearchableRow,
  type StoredUpdate,
} from '../../sync-server/storage/types.ts';
import type { LogHarness, RecordLogCore } from './server-storage-fixtures.ts';

/**
 * The record log's contract (server-storage-log-contract.ts, server-storage-
 * concurrency.ts) kept in plain JavaScript maps: the third implementation issue 19
 * asks the contract to run against, beside SQLite and PostgreSQL. It shares no
 * query with either, so a case that only holds because of how one engine's SQL
 * happens to behave fails here. It holds the part of the contract those suites use
 * (RecordLogCore): no Merkle log, running register, quarantine or accounts.
 *
 * Every handle `open` gives shares one `MemoryLogData`, as two server instances
 * share one database. A commit runs without an await between its checks and its
 * writes, so in one JavaScript thread it is atomic, as a transaction is.
 */

interface Row {
  readonly seq: number;
  readonly recordId: RecordId;
  readonly office: OfficeId;
  readonly author: PersonId;
  /** The pushing device; null for compacted snapshots and seeded rows. */
  readonly deviceId: DeviceId | null;
  readonly bytes: Uint8Array;
}

interface Entry {
  readonly recordId: RecordId;
  readonly eventId: string;
  readonly pos: number;
  seq: number;
  readonly receivedAt: number;
  readonly notBefore: number;
}

interface Summary {
  readonly row: RecordRow;
  /** 0 with null keys: none known. */
  readonly searchVersion: number;
  readonly keys: readonly string[] | null;
}

/** The shared state: what a database holds. */
export class MemoryLogData {
  readonly rows = new Map<number, Row>();
  /** Like AUTOINCREMENT's high-water mark: seqs are never handed out twice. */
  lastSeq = 0;
  readonly entries: Entry[] = [];
  lastPos = 0;
  /** Per record, each person granted with the record's office at the time. */
  readonly access = new Map<RecordId, Map<PersonId, OfficeId>>();
  readonly summaries = new Map<RecordId, Summary>();
  readonly generation = 1;

  constructor(readonly compactAfterRows = 64) {}
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class MemoryRecordLog implements RecordLogCore {
  private closed = false;

  constructor(private readonly data: MemoryLogData) {}

  async recordOffice(recordId: RecordId): Promise<OfficeId | null> {
    return this.rowsOf(recordId)[0]?.office ?? null;
  }

  async recordHead(recordId: RecordId): Promise<number> {
    return this.headOf(recordId) ?? 0;
  }

  async recordState(recordId: RecordId): Promise<Uint8Array> {
    return this.merged(recordId);
  }

  async recordAccess(recordId: RecordId): Promise<readonly PersonId[]> {
    this.open();
    return [...(this.data.access.get(recordId)?.keys() ?? [])].sort(compareIds);
  }

  async recordGrade(recordId: RecordId): Promise<Grade> {
    this.open();
    return this.data.summaries.get(recordId)?.row.grade ?? 'normal';
  }

  async recordNumbered(office: OfficeId, number: string): Promise<RecordId | null> {
    this.open();
    for (const [id, s] of this.data.summaries)
      if (s.row.office === office && s.row.number === number) return id;
    return null;
  }

  /** Device contacts (commit's fourth argument) are not part of RecordLogCore. */
  async commit(
    items: readonly CommitItem[],
    at: number,
    generation?: number,
  ): Promise<readonly number[]> {
    this.open();
    if (generation !== undefined && generation !== this.data.generation)
      throw new StaleGenerationError(generation, this.data.generation);
    const conflicts = new Set<RecordId>();
    for (const item of items) {
      if (item.expectedHead === undefined) continue;
      if ((this.headOf(item.recordId) ?? 0) !== item.expectedHead) conflicts.add(item.recordId);
      else if (item.expectedHead === 0 && this.numberTaken(item)) conflicts.add(item.recordId);
    }
    if (conflicts.size > 0) throw new RecordConflictError([...conflicts]);
    return items.map((item) => this.commitOne(item));
  }

  async updatesSince(
    cursor: number,
    scope: Scope,
    maxBytes: number,
    puller?: Puller,
    skip?: PageSkip,
  ): Promise<Page> {
    const rows = this.visible(scope)
      .filter((r) => r.seq > cursor)
      .map((r): PagedDbRow => {
        const own =
          puller !== undefined && r.deviceId === puller.deviceId && r.author === puller.person;
        return {
          seq: r.seq,
          record_id: r.recordId,
          bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength),
          own: own ? 1 : 0,
        };
      })
      .map((r) => skipping(r, skip));
    const page = pageOf(rows, cursor, maxBytes);
    return { ...page, updates: this.withEntries(page.updates) };
  }

  async headSeq(scope: Scope): Promise<number> {
    return this.visible(scope).reduce((max, r) => Math.max(max, r.seq), 0);
  }

  async deskRecords(person: PersonId): Promise<readonly DeskRecord[]> {
    this.open();
    const rows: DeskDbRow[] = [];
    // As SQL's two-argument MAX: unknown (a record with no rows here) when either is.
    const later = (a: number | null, b: number | null) =>
      a === null || b === null ? null : Math.max(a, b);
    const held = new Map<RecordId, number | null>();
    for (const [id, s] of this.data.summaries)
      if (s.row.holder === person && s.row.status !== 'closed') held.set(id, this.headOf(id));
    for (const [id, head] of held) rows.push({ id, head });
    for (const [id, s] of this.data.summaries) {
      if (s.row.copiesUnseen.includes(person)) rows.push({ id, head: this.headOf(id) });
      const file = s.row.inFile === null ? undefined : held.get(s.row.inFile);
      if (file !== undefined) rows.push({ id, head: later(file, this.headOf(id)) });
    }
    for (const [id, head] of held)
      for (const attached of this.data.summaries.get(id)?.row.attachedFiles ?? [])
        rows.push({ id: attached, head: later(head, this.headOf(attached)) });
    return deskOf(rows);
  }

  async recordUpdates(recordId: RecordId, upTo: number): Promise<readonly StoredUpdate[]> {
    const rows = this.rowsOf(recordId).filter((r) => r.seq <= upTo);
    return this.withEntries(rows.map((r) => ({ seq: r.seq, recordId, update: r.bytes })));
  }

  async scopeTotals(scope: Scope, after: number, upTo: number): Promise<LogTotals> {
    const rows = this.visible(scope).filter((r) => r.seq > after && r.seq <= upTo);
    return {
      records: new Set(rows.map((r) => r.recordId)).size,
      bytes: rows.reduce((n, r) => n + r.bytes.byteLength, 0),
    };
  }

  /** A row's time (compact's second argument) is not part of RecordLogCore. */
  async compact(recordId: RecordId): Promise<void> {
    this.open();
    this.compactRows(recordId, 'keepSeq');
  }

  async summaries(office: OfficeId | null): Promise<readonly RecordRow[]> {
    return this.summariesOf(office).map((s) => s.row);
  }

  async searchable(
    office: OfficeId | null,
    searchVersion: number,
  ): Promise<readonly SearchableRow[]> {
    return this.summariesOf(office).map((s) => ({
      row: s.row,
      keys: s.searchVersion === searchVersion ? s.keys : null,
    }));
  }

  async staleSummaries(version: number, searchVersion?: number): Promise<readonly RecordId[]> {
    this.open();
    const stale = new Set<RecordId>();
    for (const r of this.data.rows.values()) {
      const s = this.data.summaries.get(r.recordId);
      if (
        s === undefined ||
        s.row.version !== version ||
        (searchVersion !== undefined && s.searchVersion !== searchVersion)
      )
        stale.add(r.recordId);
    }
    return [...stale].sort(compareIds);
  }

  async saveSummaries(rows: readonly RecordRow[], search?: readonly SearchRow[]): Promise<void> {
    this.open();
    const keys = new Map((search ?? []).map((s) => [s.id, s]));
    for (const row of rows) this.upsertSummary(row, keys.get(row.id));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new Error('the record log is closed');
  }

  /** Every row, by seq. */
  private allRows(): Row[] {
    this.open();
    return [...this.data.rows.values()].sort((a, b) => a.seq - b.seq);
  }

  private rowsOf(recordId: RecordId): Row[] {
    return this.allRows().filter((r) => r.recordId === recordId);
  }

  /** The highest seq of the record's rows; null when it has none. */
  private headOf(recordId: RecordId): number | null {
    const rows = this.rowsOf(recordId);
    return rows[rows.length - 1]?.seq ?? null;
  }

  private merged(recordId: RecordId): Uint8Array {
    const rows = this.rowsOf(recordId);
    if (rows.length === 0) return new Uint8Array(0);
    if (rows.length === 1) return rows[0]?.bytes ?? new Uint8Array(0);
    return Y.mergeUpdates(rows.map((r) => r.bytes));
  }

  private numberTaken(item: CommitItem): boolean {
    if (item.summary === null) return false;
    for (const [id, s] of this.data.summaries)
      if (
        id !== item.recordId &&
        s.row.office === item.summary.office &&
        s.row.number === item.summary.number
      )
        return true;
    return false;
  }

  /** Rows the scope may see, by seq (sqlite-scope.ts says the same in SQL). */
  private visible(scope: Scope): Row[] {
    const rows = this.allRows();
    if (scope.kind === 'district') {
      const person = scope.person;
      return person === undefined ? rows : rows.filter((r) => !this.hidden(r.recordId, [person]));
    }
    const people = scope.people ?? [scope.person];
    const granted = (r: Row): boolean => {
      const access = this.data.access.get(r.recordId);
      return people.some((p) => {
        const office = access?.get(p);
        return office !== undefined && office !== scope.office;
      });
    };
    return rows.filter(
      (r) => (r.office === scope.office || granted(r)) && !this.hidden(r.recordId, people),
    );
  }

  /** A confidential or secret record whose access list names none of `people`. */
  private hidden(recordId: RecordId, people: readonly PersonId[]): boolean {
    const grade = this.data.summaries.get(recordId)?.row.grade ?? 'normal';
    if (grade === 'normal') return false;
    const access = this.data.access.get(recordId);
    return !people.some((p) => access?.has(p) === true);
  }

  private commitOne(item: CommitItem): number {
    let seq = ++this.data.lastSeq;
    this.data.rows.set(seq, {
      seq,
      recordId: item.recordId,
      office: item.office,
      author: item.author,
      deviceId: item.deviceId ?? null,
      bytes: item.update.slice(),
    });
    this.appendEntries(item.recordId, seq, item.entries ?? []);
    let access = this.data.access.get(item.recordId);
    if (access === undefined) this.data.access.set(item.recordId, (access = new Map()));
    for (const person of item.access) if (!access.has(person)) access.set(person, item.office);
    if (item.summary !== null) this.upsertSummary(item.summary, item.search);
    if (item.resequence) seq = this.compactRows(item.recordId, 'newSeq');
    else if (this.rowsOf(item.recordId).length > this.data.compactAfterRows)
      this.compactRows(item.recordId, 'keepSeq');
    return seq;
  }

  /** In order; a known event id keeps its entry and position. */
  private appendEntries(recordId: RecordId, seq: number, entries: readonly NewLogEntry[]): void {
    for (const e of entries) {
      const known = this.data.entries.some(
        (x) => x.recordId === recordId && x.eventId === e.eventId,
      );
      if (known) continue;
      this.data.entries.push({
        recordId,
        eventId: e.eventId,
        pos: ++this.data.lastPos,
        seq,
        receivedAt: e.receivedAt,
        notBefore: Math.min(e.notBefore, e.receivedAt),
      });
    }
  }

  private withEntries(rows: readonly StoredUpdate[]): StoredUpdate[] {
    return rows.map((u) => ({
      ...u,
      entries: this.data.entries
        .filter((e) => e.seq === u.seq)
        .sort((a, b) => a.pos - b.pos)
        .map((e): LogEntry => ({
          eventId: e.eventId,
          pos: e.pos,
          receivedAt: e.receivedAt,
          notBefore: e.notBefore,
        })),
    }));
  }

  /** One merged row under the record's highest seq ('keepSeq') or a fresh one ('newSeq'). */
  private compactRows(recordId: RecordId, mode: 'keepSeq' | 'newSeq'): number {
    const rows = this.rowsOf(recordId);
    const last = rows[rows.length - 1];
    if (last === undefined) return 0;
    if (rows.length === 1 && mode === 'keepSeq') return last.seq;
    const bytes = this.merged(recordId);
    for (const r of rows) this.data.rows.delete(r.seq);
    const seq = mode === 'keepSeq' ? last.seq : ++this.data.lastSeq;
    this.data.rows.set(seq, { ...last, seq, deviceId: null, bytes });
    for (const e of this.data.entries) if (e.recordId === recordId) e.seq = seq;
    return seq;
  }

  private upsertSummary(row: RecordRow, search: SearchRow | undefined): void {
    // Replaced, not updated: a row now without keys has none (as INSERT OR REPLACE).
    this.data.summaries.delete(row.id);
    this.data.summaries.set(row.id, {
      row: structuredClone(row),
      searchVersion: search?.version ?? 0,
      keys: search === undefined ? null : [...search.keys],
    });
  }

  /** The office's rows (all offices' for null) as SQL orders them: office, then holder since. */
  private summariesOf(office: OfficeId | null): Summary[] {
    this.open();
    const all = [...this.data.summaries.values()].map((s) => ({
      ...s,
      row: structuredClone(s.row),
    }));
    if (office !== null) return all.filter((s) => s.row.office === office).sort(bySince);
    return all.sort((a, b) => compareIds(a.row.office, b.row.office) || bySince(a, b));
  }
}

const bySince = (a: Summary, b: Summary): number => a.row.holderSince - b.row.holderSince;

/** A harness for the contract suites: each `open` is another handle on one shared store. */
export function memoryLogHarness(compactAfterRows?: number): LogHarness<RecordLogCore> {
  const data = new MemoryLogData(compactAfterRows);
  return {
    open: async () => new MemoryRecordLog(data),
    cleanup: async () => undefined,
  };
}
