import type { Grade } from '@domain/events.ts';
import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';

/**
 * The record log's half of the storage contract (types.ts puts the halves
 * together): the update log and its cursor, record state, access lists, the
 * projection, the Merkle log and the commit that writes them
 * (docs/decisions/0007-storage-contract.md).
 */

/**
 * What a device may see: its person's office plus records sent to them, or the
 * whole district; either way without the confidential and secret records
 * whose access list does not name the person. A district scope without a
 * person is the whole log (the server's own reads: announcements, checks).
 */
export type Scope = DistrictScope | OfficeScope;

export interface DistrictScope {
  readonly kind: 'district';
  readonly person?: PersonId;
}

export interface OfficeScope {
  readonly kind: 'office';
  readonly office: OfficeId;
  readonly person: PersonId;
  /**
   * An office relay's scope (sync-server/relay/): what any of these people (the
   * office's) may see, instead of what `person` (the relay account) may see.
   */
  readonly people?: readonly PersonId[];
}

export interface StoredUpdate {
  readonly seq: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
  /** Log entries of the events (and record creation) this row brought to the server. */
  readonly entries?: readonly LogEntry[];
}

/**
 * A new entry of the server's log (@domain/record-log.ts); the storage assigns
 * its position (in commit order) and the row it travels with.
 */
export interface NewLogEntry {
  /** The event's id, or the record's id for its creation. */
  readonly eventId: string;
  /** The item hash of the event (or of the record's meta), src/doc/signature.ts: its Merkle leaf. */
  readonly hash: string;
  readonly receivedAt: number;
  readonly notBefore: number;
  /**
   * A dispatch of an office keeping a running register: the register it takes the
   * next serial of, when (and only when) this entry is new (sqlite-register.ts).
   */
  readonly registerIn?: { readonly office: OfficeId; readonly year: number };
  /**
   * At an office relay: the number the district gave the dispatch (its entry pulled
   * from the district), stored as given when this entry is new; the relay takes no
   * serial of its own (decision 0010, amendment 1).
   */
  readonly registered?: {
    readonly office: OfficeId;
    readonly year: number;
    readonly serial: number;
  };
  /** At an office relay: the entry's position in the district's log (pulled from it). */
  readonly upstreamPos?: number;
}

/** The Merkle log's size (leaves) and root hash. */
export interface LogTree {
  readonly size: number;
  readonly root: Uint8Array;
}

/**
 * What the district logged of an event an office relay holds (decision 0010,
 * amendment 4): its position in the district's log and, for a dispatch of an office
 * keeping a running register, the number the district gave it (amendment 1).
 */
export type DistrictEntry = Pick<LogEntry, 'eventId' | 'pos' | 'register'>;

/** At an office relay, where an entry the district has not logged yet is read from. */
export { RELAY_OWN_ORDER } from '@protocol/messages.ts';

/** Where one log entry sits in the Merkle log. */
export interface LogLeaf {
  /** The event id, or the record id for its creation. */
  readonly eventId: string;
  readonly leaf: number;
}

/**
 * A device's contact with the server, for the `notBefore` bound of what it
 * pushes next (handle-sync.ts, device-contact.ts).
 */
export interface DeviceContact {
  readonly deviceId: DeviceId;
  /** Server time of its latest exchange. */
  readonly lastAt: number;
  /** Update bytes it pushed in that exchange. */
  readonly lastPushBytes: number;
  /** The notBefore of that exchange. */
  readonly anchor: number;
}

/** A projection row and the record's search keys (null: none of the version asked for). */
export interface SearchableRow {
  readonly row: RecordRow;
  readonly keys: readonly string[] | null;
}

/** One accepted update, committed with the others of its request in one transaction. */
export interface CommitItem {
  readonly recordId: RecordId;
  readonly office: OfficeId;
  readonly author: PersonId;
  readonly update: Uint8Array;
  /** The record's projection row after this update (null if it cannot be folded yet, or a group). */
  readonly summary: RecordRow | null;
  /**
   * A saved group of recipients (src/domain/groups.ts): no projection row by nature,
   * and not restricted: its office's devices receive it (announced to them too).
   */
  readonly group?: true;
  /**
   * The record's search keys after this update (the tablet's own, searchRowOf),
   * stored with its projection row for the server's search. Absent: none known.
   */
  readonly search?: SearchRow;
  /** People the record has reached; added to its access list. */
  readonly access: readonly PersonId[];
  /**
   * Someone outside the record's office gained access: the record is rewritten as
   * one snapshot under a fresh sequence so their devices receive all of it,
   * whatever their cursor.
   */
  readonly resequence: boolean;
  /**
   * The device that pushed it (absent for seeded demo records). Stored with the
   * row so the pushing device is not sent its own update back (see updatesSince).
   */
  readonly deviceId?: DeviceId;
  /**
   * Log entries of what the update adds (its creation first, then its events in
   * causal order), positioned in this order at commit. Absent: none.
   */
  readonly entries?: readonly NewLogEntry[];
  /**
   * The record's head (RecordLog.recordHead) its update was judged against; the
   * commit refuses the whole batch with RecordConflictError when the record moved
   * on (or, at 0, when its number was taken) meanwhile. Every item of one record in
   * one commit carries the same value. Absent: not checked (seeded demo records).
   */
  readonly expectedHead?: number;
}

/**
 * Who is pulling: rows this device pushed under this person's session are left
 * out of their pages. Safe because the device durably holds every update it
 * pushed (written to IndexedDB before the push); its records are only wiped
 * together with a server reset that deletes every row; a quarantine reset
 * carries the server's whole record state; a new or restored device has a new
 * id. The person is part of the key so that signing in with someone else's
 * device id (ids are chosen by the client) cannot hide one's updates from it.
 */
export interface Puller {
  readonly deviceId: DeviceId;
  readonly person: PersonId;
}

/**
 * At an office relay: what of its log the district already has (decision 0013,
 * amendment 4), for compaction (RecordLog.settleCompactionAs).
 */
export interface Settled {
  /** The relay's device and account at the district: the rows it pulled are stored under them. */
  readonly puller: Puller;
  /** The relay's push position: its rows at or below it reached the district. */
  readonly pushedUpTo: () => number;
}

/**
 * Rows a page scans without sending them, as it does a puller's own: those up to
 * `upTo` of `records` (a join's rest phase leaves out the desk it sent, decision 0012).
 * Only rows sent count against the page's bytes.
 */
export interface PageSkip {
  readonly records: ReadonlySet<RecordId>;
  readonly upTo: number;
  /** A join's rest: records first seen past this go whole at their first row (decision 0019). */
  readonly wholeFrom?: number;
}

export interface Page {
  readonly updates: readonly StoredUpdate[];
  /** True when rows in scope exist past `cursor` that were not scanned yet. */
  readonly more: boolean;
  /**
   * The last seq scanned: past every returned row and every skipped own row, so
   * a device whose unsent tail is all its own still reaches the head.
   * Equals the given cursor when nothing was scanned.
   */
  readonly cursor: number;
}

/**
 * A record on a person's desk (decision 0012) and `head`: the highest seq of its
 * rows and of the rows of the record that puts it on the desk (the file a receipt
 * is filed in, the main file a file is attached under). While no row past a seq H
 * exists, the record's place on the desk is what it was at H.
 */
export interface DeskRecord {
  readonly recordId: RecordId;
  readonly head: number;
}

/** Records and update bytes of a stretch of the log. */
export interface LogTotals {
  readonly records: number;
  readonly bytes: number;
}

/** A commit made for one data generation found another (a reset ran in between). */
export class StaleGenerationError extends Error {
  override readonly name = 'StaleGenerationError';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`data generation is ${actual}, not ${expected}`);
  }
}

/**
 * A commit found a record no longer at the head its update was judged against, or
 * a new record's number taken meanwhile (another exchange, possibly on another
 * server instance, committed first). Nothing was written: read the records again
 * and judge again.
 */
export class RecordConflictError extends Error {
  override readonly name = 'RecordConflictError';
  constructor(readonly recordIds: readonly RecordId[]) {
    super(`records changed since they were read: ${recordIds.join(', ')}`);
  }
}

export interface RecordLog {
  /** The record's office, or null when the server has never stored it. */
  recordOffice(recordId: RecordId): Promise<OfficeId | null>;
  /**
   * The record's head: the highest seq of its rows, 0 when it has none. Every commit
   * that changes the record's state moves it. Read it before the state a judgement uses.
   */
  recordHead(recordId: RecordId): Promise<number>;
  /** All stored updates of the record merged into one (empty when none). */
  recordState(recordId: RecordId): Promise<Uint8Array>;
  recordAccess(recordId: RecordId): Promise<readonly PersonId[]>;
  /** The record's security grade as its projection row says ('normal' when it has none). */
  recordGrade(recordId: RecordId): Promise<Grade>;
  /** The record of `office` numbered `number` (its projection row), or null. */
  recordNumbered(office: OfficeId, number: string): Promise<RecordId | null>;
  /** The record's log entries, by position (empty when none). */
  recordLog(recordId: RecordId): Promise<readonly LogEntry[]>;
  /** Every record with stored rows (the administrator's check-records). */
  recordIds(): Promise<readonly RecordId[]>;
  /** The record's stored rows as they are on disk, by seq, damaged ones too. */
  recordRows(recordId: RecordId): Promise<readonly { seq: number; bytes: Uint8Array }[]>;
  /**
   * Compaction at an office relay (decision 0013, amendment 4). By default a record's
   * rows are merged into one row stored under no device, which a relay's next push
   * would carry upstream whole, the district's own content with it. After this call,
   * compaction merges what the district has (`Settled`) into one row stored as pulled
   * by the relay (left out of its pushes), and the rows still to push into another,
   * under no device (or the one row as it was), which its next push carries.
   */
  settleCompactionAs(settled: Settled): void;
  /**
   * Replaces the record's rows by one row holding `state`, under a new seq so every
   * device in scope pulls it again; its log entries move with it. Returns the seq.
   * With `pulledBy`, the row is stored as that device's, under that person (its
   * pages leave it out, as its own pushes): an office relay's copy set back to the
   * district's state, which it must not push upstream as its tablets' work.
   */
  replaceRecordRows(
    recordId: RecordId,
    state: Uint8Array,
    at: number,
    pulledBy?: Puller,
  ): Promise<number>;
  /**
   * Takes the record back (an office relay's copy of a record the district refused
   * whole, decision 0013): its rows, access list, projection row and quarantine mark
   * go, so no page sends it again and its head is 0. Its log entries stay, with their
   * Merkle leaves (both logs are append-only), carried by no row (seq 0). Returns how
   * many rows went (0: the record had none).
   */
  removeRecord(recordId: RecordId): Promise<number>;
  /**
   * At an office relay (decision 0010, amendments 1 and 4): keeps where the district
   * logged events of the record that this storage logged (an event without an entry
   * here is skipped) and the running-register numbers it gave dispatches. When any is
   * new here, the record's rows are resequenced (compaction 'resend', settled as
   * settleCompactionAs says, no row left under a tablet's device), so every tablet in
   * scope, the author's included, pulls the record again with its entries in the
   * district's order. Returns the record's new head, or 0 when nothing changed.
   */
  keepDistrictEntries(
    recordId: RecordId,
    entries: readonly DistrictEntry[],
    at: number,
  ): Promise<number>;
  /**
   * At an office relay, from its start: entries read in the district's order (their
   * district position; those it has not logged at RELAY_OWN_ORDER + their own).
   */
  orderAsRelay(): void;
  /** Marks a record damaged beyond rebuilding: syncs refuse it as recordDamaged. */
  quarantineRecord(recordId: RecordId, reason: string, at: number): Promise<void>;
  quarantinedRecord(recordId: RecordId): Promise<{ reason: string; at: number } | null>;
  /**
   * The Merkle log of every accepted log entry (src/doc/merkle.ts), appended in
   * the commit's transaction in position order: its size and root now.
   */
  logTree(): Promise<LogTree>;
  /** RFC 6962 consistency proof from the log's first size1 leaves to its first size2. */
  logConsistency(size1: number, size2: number): Promise<readonly Uint8Array[]>;
  /** RFC 6962 audit path of leaf `leaf` in the log's first `size` leaves. */
  logInclusion(leaf: number, size: number): Promise<readonly Uint8Array[]>;
  /** The Merkle leaf of each of the record's log entries, in log order. */
  recordLeaves(recordId: RecordId): Promise<readonly LogLeaf[]>;
  /**
   * Durably commits all items in one transaction; returns their sequence numbers,
   * assigned in commit order (no commit becomes visible before one with lower seqs).
   * With `generation`, throws StaleGenerationError (writing nothing) if the store
   * is in another generation by then. Throws RecordConflictError (writing nothing)
   * if an item's record is no longer at its `expectedHead`, or a created record's
   * number is taken. Items' log entries get positions in commit order. With
   * `contact`, stores it in the same transaction.
   */
  commit(
    items: readonly CommitItem[],
    at: number,
    generation?: number,
    contact?: DeviceContact,
  ): Promise<readonly number[]>;
  /**
   * Updates in scope with seq > cursor, in seq order, up to maxBytes of returned
   * rows (at least one), leaving out rows pushed by `puller` (see Puller) and the
   * rows `skip` names, each with its log entries.
   */
  updatesSince(
    cursor: number,
    scope: Scope,
    maxBytes: number,
    puller?: Puller,
    skip?: PageSkip,
  ): Promise<Page>;
  /** Highest sequence in scope (0 when none). */
  headSeq(scope: Scope): Promise<number>;
  /**
   * The person's desk (decision 0012), in any scope (the caller checks each
   * record's reach): the records they hold that are not closed, the files whose
   * copy for information waits for them, the receipts filed in and the files
   * attached under the files they hold. By record id, a record at most once.
   */
  deskRecords(person: PersonId): Promise<readonly DeskRecord[]>;
  /** The record's rows with seq <= upTo, by seq, each with its log entries. */
  recordUpdates(recordId: RecordId, upTo: number): Promise<readonly StoredUpdate[]>;
  /** Records with rows in scope in (after, upTo], and their bytes, but those sent whole (0019). */
  scopeTotals(scope: Scope, after: number, upTo: number, wholeFrom?: number): Promise<LogTotals>;
  /** Merges the record's updates into one row that keeps the highest seq. */
  compact(recordId: RecordId, at: number): Promise<void>;
  /** Projection rows of the office's records (every record for null). */
  summaries(office: OfficeId | null): Promise<readonly RecordRow[]>;
  /**
   * The office's projection rows (every record's for null) with their search
   * keys: null where none of `searchVersion` are stored.
   */
  searchable(office: OfficeId | null, searchVersion: number): Promise<readonly SearchableRow[]>;
  /**
   * Records in the log whose projection row is missing or not of `version`
   * (made by another PROJECTION_VERSION), or, given `searchVersion`, whose search
   * keys are missing or of another SEARCH_VERSION; the server rebuilds them at start.
   */
  staleSummaries(version: number, searchVersion?: number): Promise<readonly RecordId[]>;
  /**
   * Writes projection rows, replacing the records' rows, with the search keys of
   * those records `search` names, in one transaction.
   */
  saveSummaries(rows: readonly RecordRow[], search?: readonly SearchRow[]): Promise<void>;
}
