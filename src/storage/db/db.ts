import { coarseObservation } from './coarse-observation.ts';
import { Dexie, type EntityTable } from 'dexie';
import type { RecordProofsJson } from '@doc/record-proofs.ts';
import type { SignatureAlgorithm } from '@doc/signature.ts';
import type { Person } from '@domain/directory.ts';
import type { Grade } from '@domain/events.ts';
import type { EventId, PersonId, RecordId } from '@domain/ids.ts';
import type { SavedGroup } from '@domain/groups.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { RegisterNumber } from '@domain/running-register.ts';
import {
  moveV13SearchParts,
  moveV9SearchRows,
  type SearchHeadRow,
  type SearchRecentRow,
  type SearchWordKey,
  type SearchWordRow,
} from './search-layout.ts';
import type { BlobRow, ScanChunkRow, ScanUploadRow, TusUrlRow } from './scan-rows.ts';

/**
 * The device store: one IndexedDB database (Dexie) per device profile.
 *
 * What is stored where:
 * - `updates`    Yjs updates per record, in arrival order — the source of truth.
 *                Everything else about a record can be rebuilt from these.
 * - `records`    the projection: one RecordSummary per record, folded from its
 *                updates, for the inbox, "sent", search and pendency lists.
 *                (v5) indexed by `version`: rows of an older PROJECTION_VERSION
 *                (or none: before v5) are rebuilt when the database opens
 *                (records/projection.ts), before anything else reads them.
 * - `drafts`     yellow notings, keyed by [recordId+author]; private to their
 *                author until finalised into a noting event.
 * - `outbox`     local Yjs updates the server has not acknowledged yet.
 * - `quarantine` local updates the server refused, kept with the reason.
 * - `relayAcked` (v18) outbox rows an office relay acknowledged, kept until the
 *                district's proofs show them (decision 0020, relay-claims.ts).
 * - `kv`         small settings: session, directory, cursor, device id/number,
 *                numbering counters, HLC last value, clock offset, last synced,
 *                language (keys in KV_KEYS).
 * - `accounts`   offline sign-in verifiers (PBKDF2 hash + salt), the Person, and
 *                their author key and last session token sealed with their
 *                password (author-key.ts, session-token.ts).
 * - `reviewCache` (v2) the last pendency report fetched from the server, per
 *                person, with its "as of" time, for offline review (review-cache.ts).
 * - `blobs`      (v3) scan bytes, content-addressed by SHA-256 hex (attachments.ts);
 *                since v16 [origin+savedAt+size] indexed, read without the bytes.
 * - `scanUploads` (v3) scans waiting to be uploaded over tus, separate from the
 *                sync outbox so a slow upload never holds back notings.
 * - `tusUrls`    (v3) tus upload URLs by fingerprint, so an upload resumes
 *                after a drop or a reload (scan-upload.ts).
 * - `scanChunks` (v3) the parts of a scan download received so far, by offset,
 *                so a download resumes with an HTTP Range request (scan-download.ts).
 * - `logEntries` (v4) the server's log entry of each record event and creation,
 *                keyed by [recordId+eventId]: the record's order and time bounds
 *                (record-log.ts, record-store.ts). Upgrading to v4 drops the
 *                cursor, so the device pulls everything again with its entries.
 *                v15 indexes `atRelay`: events waiting at the office relay;
 *                v17 `claimed`: the relay's word that the district logged them,
 *                not yet checked against the district's proofs (decision 0020).
 * - `pullChecks` (v7) per record whose pulled updates failed their check
 *                (pull-check.ts): a named problem with the refused updates held
 *                back (the record's own copy stays as it was).
 * - `logProofs`  (v8) per record, the inclusion proofs of its items in the
 *                server's Merkle log last fetched and checked (record-proofs.ts),
 *                in their JSON form, so a file can be exported offline with them.
 * - `search`     (v9) per record, the folded words of its particulars and notings
 *                (@domain/search-words.ts), multi-entry indexed by `keys` under the
 *                record's UUID. Empty since v10: its rows move to `searchHeads`
 *                and `searchParts` on upgrade.
 * - `searchHeads`, `searchRecent`, `searchParts` (v10) the search index: per
 *                record a head (a number of this device's, its SEARCH_VERSION, all
 *                its keys as one text), per number the record and its latest
 *                activity, and its keys in rows keyed by that number, multi-entry
 *                indexed (search-layout.ts). Written with every `records` row
 *                (search-rows.ts); records without a head of this SEARCH_VERSION
 *                are indexed again when the database opens (search-rebuild.ts).
 * - `searchWords` (v14) replaces `searchParts`: the same rows keyed by
 *                `[at, p]`, the record's latest activity first, so a word's
 *                entries read backwards come newest first (search-layout.ts).
 * - `records.openConflictAuthors` (v6 index) whose work on a record did not
 *                take effect and still waits for them (the inbox reminder);
 *                rows made before it are of PROJECTION_VERSION 1 and rebuilt.
 * - `records.copiesUnseen` (v11 index) who has the file for information (`Copy
 *                to`) and has not marked it seen: their inbox's For information list.
 * - `records.links` (v12 index) the files a file links to (`Link file`), so a
 *                linked file's page finds the files that link to it.
 * - `groups`     (v13) the saved groups of recipients on this tablet (a record of
 *                kind `group`, src/domain/groups.ts; decision 0014), as folded from
 *                their updates, by office: written with every refresh of a record's
 *                rows (record-store.ts), like `records`, which groups have none of.
 *
 * Schema changes are ADDITIVE ONLY: add a new `this.version(n+1).stores(...)`
 * that lists new tables/indexes; never drop or rename a table or index, and
 * never reuse a removed name. Old devices must keep loading their data.
 *
 * Durability: Dexie 4 sets IndexedDB transaction durability per database
 * (`chromeTransactionDurability`), not per transaction, so the whole store
 * uses 'strict' — finalising and sending must reach disk before we say so.
 */

export interface UpdateRow {
  readonly seq?: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
}

/**
 * The queryable projection of one record (derived; rebuildable): the domain's
 * one projection row (src/domain/projection.ts), as the server keeps it too.
 */
export type RecordSummary = RecordRow;

export type { BlobRow, ScanChunkRow, ScanUploadRow, TusUrlRow } from './scan-rows.ts';

export interface DraftRow {
  readonly recordId: RecordId;
  readonly author: PersonId;
  readonly text: string;
  readonly updatedAt: number;
  /** The author's conflicted noting this draft re-submits (conflict-commands.ts). */
  readonly resubmits?: EventId;
}

/** One server log entry (@domain/record-log.ts) of a record's event or creation. */
export interface LogEntryRow {
  readonly recordId: RecordId;
  readonly eventId: string;
  readonly pos: number;
  readonly receivedAt: number;
  readonly notBefore: number;
  /** A dispatch's running-register number (not indexed: no schema change). */
  readonly register?: RegisterNumber;
  /**
   * 1 when an office relay served it at or above RELAY_OWN_ORDER: the event waits at the
   * relay for the district (v15, indexed; absent otherwise, so the index holds only those).
   */
  readonly atRelay?: 1;
  /**
   * The office relay said the district logged it (it served the event at a district
   * position after it had waited there, or acknowledged this tablet's push so): 1 until
   * the district's own signed proofs show it, 2 when they, signed well after the time
   * the relay gave, do not (decision 0020). v17, indexed; absent otherwise.
   */
  readonly claimed?: 1 | 2;
  /** With `claimed`: this tablet's clock when it first kept the relay's word. */
  readonly claimedAt?: number;
}

export interface OutboxRow {
  readonly ref?: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
  readonly at: number;
}

/**
 * An outbox row an office relay acknowledged (decision 0020): kept until the district's
 * own proofs show its events, and put back in the outbox when another tier answers.
 */
export interface RelayAckedRow extends OutboxRow {
  /** The log key (base64url) of the relay that acknowledged it. */
  readonly by: string;
  /** The relay acknowledged it without a log entry for each of its events (dropped). */
  readonly unlogged?: 1;
}

export interface QuarantineRow {
  readonly id?: number;
  readonly recordId: RecordId;
  readonly reason: string;
  readonly detail: string;
  readonly at: number;
  readonly update: Uint8Array;
  /**
   * Set when the district refused the change after an office relay had taken it
   * (protocol 15): the relay's id for that refusal. Absent for a refusal by the
   * server the device talks to, and on rows from before.
   */
  readonly later?: number;
  /**
   * With `later`: the relay told it with no state of the record (the district holds
   * nothing of it), so the record left this tablet. Absent otherwise.
   */
  readonly whole?: true;
  /**
   * The record's grade and access list when it was quarantined, set only for a
   * restricted (confidential or secret) record: the list of refused changes shows
   * the row only to someone on that list, as the office's lists do on a shared
   * tablet (@domain/grades.ts mayRead). Absent: shown to everyone signed in here.
   */
  readonly access?: QuarantineAccess;
}

/** A restricted record's grade and access list, kept on its quarantine rows. */
export interface QuarantineAccess {
  readonly grade: Grade;
  readonly participants: readonly PersonId[];
  readonly readers: readonly PersonId[];
}

/** What checking a record's pulled updates found (v7; pull-check.ts). */
export interface PullCheckRow {
  readonly recordId: RecordId;
  /** Why the held updates were not stored (a PullProblem). */
  readonly problem: string;
  readonly reason: string;
  readonly detail: string;
  /** When the problem was first met (device clock). */
  readonly at: number;
  /** The refused pulled updates in the order they came, checked again with what comes next. */
  readonly held: readonly Uint8Array[];
}

export interface KvRow {
  readonly key: string;
  readonly value: unknown;
}

/** A cached server report; `value` is checked by review-cache.ts when read. */
export interface ReviewCacheRow {
  readonly key: string;
  readonly savedAt: number;
  readonly value: unknown;
}

export interface AccountRow {
  readonly username: string;
  /** PBKDF2-SHA-256 derived bits, as bytes. */
  readonly hash: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly person: Person;
  /** The person's author key sealed with their password (author-key.ts); absent on older rows. */
  readonly authorKey?: {
    readonly salt: Uint8Array;
    readonly iv: Uint8Array;
    /** AES-GCM ciphertext with its tag. */
    readonly sealed: Uint8Array;
    readonly iterations: number;
  };
  /**
   * The last online session's token sealed with the password (session-token.ts),
   * so an offline sign-in can still sync; absent until an online sign-in wrote it.
   */
  readonly sessionToken?: {
    readonly salt: Uint8Array;
    readonly iv: Uint8Array;
    readonly sealed: Uint8Array;
    readonly iterations: number;
    readonly expiresAt: number;
  };
  /** The person's device signing key, wrapped with their password (signing-key.ts). */
  readonly signingKey?: WrappedSigningKey;
}

/** A device signing key as kept in the accounts row, wrapped with the password (signing-key.ts). */
export interface WrappedSigningKey {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly wrapped: Uint8Array;
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
  readonly iterations: number;
}

/** A record's inclusion proofs as fetched and checked (src/doc/record-proofs.ts). */
export interface LogProofRow {
  readonly recordId: RecordId;
  readonly proofs: RecordProofsJson;
  /** Device clock when they were fetched. */
  readonly fetchedAt: number;
}

export { KV_KEYS } from './kv-keys.ts';

export class PatravaliDb extends Dexie {
  updates!: EntityTable<UpdateRow, 'seq'>;
  records!: EntityTable<RecordSummary, 'id'>;
  drafts!: Dexie.Table<DraftRow, [RecordId, PersonId]>;
  outbox!: EntityTable<OutboxRow, 'ref'>;
  relayAcked!: EntityTable<RelayAckedRow, 'ref'>;
  quarantine!: EntityTable<QuarantineRow, 'id'>;
  kv!: EntityTable<KvRow, 'key'>;
  accounts!: EntityTable<AccountRow, 'username'>;
  reviewCache!: EntityTable<ReviewCacheRow, 'key'>;
  blobs!: EntityTable<BlobRow, 'sha256'>;
  scanUploads!: EntityTable<ScanUploadRow, 'sha256'>;
  tusUrls!: EntityTable<TusUrlRow, 'key'>;
  scanChunks!: Dexie.Table<ScanChunkRow, [string, number]>;
  logEntries!: Dexie.Table<LogEntryRow, [RecordId, string]>;
  pullChecks!: EntityTable<PullCheckRow, 'recordId'>;
  logProofs!: EntityTable<LogProofRow, 'recordId'>;
  /** v9's index, empty since v10 (kept declared: names are never reused). */
  search!: Dexie.Table<{ readonly id: RecordId }, RecordId>;
  searchHeads!: EntityTable<SearchHeadRow, 'id'>;
  searchRecent!: EntityTable<SearchRecentRow, 'n'>;
  searchWords!: Dexie.Table<SearchWordRow, SearchWordKey>;
  groups!: EntityTable<SavedGroup, 'id'>;

  constructor(name: string) {
    super(name, { chromeTransactionDurability: 'strict' });
    this.use(coarseObservation);
    this.version(1).stores({
      updates: '++seq, recordId',
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants',
      drafts: '[recordId+author], author',
      outbox: '++ref, recordId',
      quarantine: '++id, recordId, at',
      kv: 'key',
      accounts: 'username',
    });
    this.version(2).stores({ reviewCache: 'key' });
    this.version(3).stores({
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans',
      blobs: 'sha256, savedAt, origin',
      scanUploads: 'sha256, state, queuedAt',
      tusUrls: 'key, fingerprint',
      scanChunks: '[sha256+offset], sha256',
    });
    // Records held from before the server's log have no entries: pull everything again
    // (from cursor 0 the server also sends this device's own pushes) to learn them.
    this.version(4)
      .stores({ logEntries: '[recordId+eventId], recordId' })
      .upgrade((tx) => tx.table('kv').delete('cursor'));
    // Projection rows carry the PROJECTION_VERSION that made them (device-db.ts rebuilds older ones).
    this.version(5).stores({
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version',
    });
    // Who must still answer their lost work (the inbox reminder); rows made before have
    // an older PROJECTION_VERSION and are rebuilt with it.
    this.version(6).stores({
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version, *openConflictAuthors',
    });
    // What checking pulled updates found; `problem` indexed for the alarm's list.
    this.version(7).stores({ pullChecks: 'recordId, problem' });
    this.version(8).stores({ logProofs: 'recordId' });
    // The search index; filled for records already here when the database opens.
    this.version(9).stores({ search: 'id, version, *keys' });
    // The index keyed by small numbers instead of UUIDs, a record's keys written once each
    // (search-layout.ts); v9's rows move over as they are, without reading any document.
    this.version(10)
      .stores({ searchHeads: 'id, version', searchRecent: 'n, at', searchParts: 'n, *keys' })
      .upgrade(moveV9SearchRows);
    // Copies for information waiting in their holders' inboxes; rows made before have an
    // older PROJECTION_VERSION and are rebuilt with the field.
    this.version(11).stores({
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version, *openConflictAuthors, *copiesUnseen',
    });
    // Files linking a file (Link file); older rows are rebuilt with the field (PROJECTION_VERSION 9).
    this.version(12).stores({
      records:
        'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version, *openConflictAuthors, *copiesUnseen, *links',
    });
    // Saved groups of recipients made in the app (decision 0014). No tablet held one before
    // (protocol 16 brings the first), so nothing is moved: the table starts empty.
    this.version(13).stores({ groups: 'id, office' });
    // The index's keys under their record's latest activity, so a word's entries read backwards
    // come newest first (search-layout.ts); v13's rows move over with their keys as they are.
    this.version(14)
      .stores({ searchParts: null, searchWords: '[at+p], p, *keys' })
      .upgrade(moveV13SearchParts);
    // Events waiting at the office relay for the district (decision 0010, amendment 4).
    // Entries stored before hold none: a relay before it served its own positions.
    this.version(15).stores({ logEntries: '[recordId+eventId], recordId, atRelay' });
    // Each scan's origin, time and size as one index key, so the scans' total and the
    // eviction's order are read without reading a scan's bytes (scan-store.ts).
    this.version(16).stores({ blobs: 'sha256, savedAt, origin, [origin+savedAt+size]' });
    // The relay's word that the district logged an event, until the district's proofs
    // show it (decision 0020). Entries stored before hold none: nothing to check.
    this.version(17).stores({ logEntries: '[recordId+eventId], recordId, atRelay, claimed' });
    // What an office relay acknowledged, until the district's proofs show it (decision 0020).
    this.version(18).stores({ relayAcked: 'ref, recordId, by' });
  }
}

export const DEFAULT_DB_NAME = 'patravali';

export function openDb(name: string = DEFAULT_DB_NAME): PatravaliDb {
  return new PatravaliDb(name);
}

export async function readKv<T>(db: PatravaliDb, key: string): Promise<T | undefined> {
  const row = await db.kv.get(key);
  return row?.value as T | undefined;
}

export async function writeKv(db: PatravaliDb, key: string, value: unknown): Promise<void> {
  await db.kv.put({ key, value });
}
