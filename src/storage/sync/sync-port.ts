import type { DeskMark } from '@protocol/messages.ts';
import type { SignedTreeHead } from '@doc/tree-head.ts';
import type { RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type { DirectoryKey } from '@protocol/api.ts';
import type { Directory } from '@domain/directory.ts';
import type { DirectoryKept } from '../session/kept-directory.ts';

/** What checking a record's relay claims against the district's proofs found (relay-claims.ts). */
export type ClaimCheck =
  | {
      readonly proven: number;
      readonly refuted: number;
      readonly open: number;
      /**
       * Of the open, those whose word is older than CLAIM_SLACK_MS by this tablet's clock:
       * an honest relay passes on a head that proves them by then (a replayed head does not).
       */
      readonly overdue?: number;
    }
  /** The answer proves nothing either way (out of shape, not the district's head): asked again later. */
  | { readonly unusable: string };

/**
 * What the device sync engine (src/sync) needs from the device store.
 * Implemented over Dexie in src/storage; the sync engine only sees this.
 */

/** Unacknowledged local updates of one record, merged, ready to push. */
export interface OutgoingUpdate {
  /** Echoed by the server in acks/refusals; maps back to the outbox rows merged here. */
  readonly ref: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
}

export interface IncomingUpdate {
  readonly seq: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
  /** The server's log entries of what this update brought (absent from older servers). */
  readonly entries?: readonly LogEntry[];
}

/** Log entries of one record's events, as the server acknowledged them. */
export interface LoggedEntries {
  readonly recordId: RecordId;
  readonly entries: readonly LogEntry[];
}

/** What checking a page of pulled updates found (src/storage/sync/pull-check.ts). */
export interface PulledReport {
  /** Records whose pulled update failed its check and was held back. */
  readonly refused: number;
  /** Some failed only because a signing key is not known here yet. */
  readonly unknownKeys: boolean;
}

/** What the device knows of the server's Merkle log (docs/decisions/0003-merkle-log.md). */
export interface LogWatch {
  /** The server's log key (raw Ed25519), kept from the first sign-in that gave one. */
  readonly key: Uint8Array | null;
  /** The last tree head this device verified. */
  readonly head: SignedTreeHead | null;
  /**
   * The log keys of the other tiers a sign-in named (an office relay and its
   * district, decision 0015): a head one of them signed is that tier answering.
   */
  readonly others?: readonly Uint8Array[];
}

/**
 * The signed-in person's join on this device, desk first (decision 0012): kept
 * with their cursor, so a reload goes on where it stopped and shows what is left.
 */
export interface JoinState {
  /** The join's head (the server fixes it with the first desk page; 0 before). */
  readonly seq: number;
  /** Desk phase: where the next desk page starts (null: at the start). */
  readonly after: DeskMark | null;
  /** The desk is complete here; the rest pages by cursor up to `seq`. */
  readonly deskDone: boolean;
  /** Left of the join after the last response, as the server counted it. */
  readonly recordsLeft: number;
  readonly bytesLeft: number;
  /** Update bytes the join has brought so far, and the time its exchanges took (ms). */
  readonly bytesReceived: number;
  readonly receivingMs: number;
  /**
   * The join's bytes come so far as the server counts `bytesLeft` (its stored rows, which
   * a record sent whole merges into a smaller update): the first page's update bytes, then
   * what `bytesLeft` fell by at each page. Absent in a state kept before it: `bytesReceived`.
   */
  readonly bytesDone?: number;
  /**
   * The cursor from which the rest comes with each record whole (decision 0019):
   * where this build's first rest request stood. Absent before it (the desk
   * phase, or a join a build before protocol 17 paged).
   */
  readonly wholeFrom?: number;
  /**
   * The cursor the last whole page left: `wholeFrom` holds only while the cursor
   * is still there. Another tab (an older build paging row by row) or a crash
   * between the cursor and this state moves it, and whole paging begins again.
   */
  readonly wholeAt?: number;
}

export interface SyncPort {
  /** The last server sequence number applied on this device for the signed-in person (cursor.ts). */
  cursor(): Promise<number>;
  /** Outbox rows merged per record, in order, totalling at most `maxBytes` (at least one if any). */
  takeOutgoing(maxBytes: number): Promise<readonly OutgoingUpdate[]>;
  /** How many records have unacknowledged changes (for the `N pending` status). */
  pendingCount(): Promise<number>;
  /**
   * Calls `onChange` whenever a local write adds to the outbox, so the engine pushes
   * soon after a person acts rather than at its next timer. Returns the unsubscribe.
   * Optional: test doubles may leave it out.
   */
  watchLocalChanges?(onChange: () => void): () => void;
  /**
   * Checks each record's server updates (structure, signatures, chain) and durably
   * applies those that pass, refreshes the projection and advances the cursor, in one
   * transaction. An update that fails is held back with a named problem; the record's
   * copy here stays as it was. Test doubles may report nothing.
   */
  applyIncoming(
    updates: readonly IncomingUpdate[],
    cursor: number,
  ): Promise<PulledReport | undefined>;
  /** Keeps the directory's device keys (when a pulled update names one not known yet). */
  saveDeviceKeys?(keys: readonly DirectoryKey[]): Promise<void>;
  /** Checks the held-back updates again, with the keys now known. */
  recheckHeld?(): Promise<PulledReport>;
  /**
   * Whether an update is held back only for a key not known here: asking for the keys
   * may have failed before (a dropped request), so a later sync asks again.
   */
  heldForKeys?(): Promise<boolean>;
  /**
   * Drops the outbox rows behind these refs (the server committed them); `logged`, the
   * answer's log entries of them (an office relay that gives none for an event dropped it).
   */
  acknowledge(refs: readonly number[], logged?: readonly LoggedEntries[]): Promise<void>;
  /**
   * Stores the log entries the server gave this device's acknowledged events and
   * refreshes those records' projection. Optional: test doubles may leave it out.
   */
  saveLogged?(logged: readonly LoggedEntries[]): Promise<void>;
  /**
   * Up to `max` records holding the office relay's word that the district logged their
   * events, in turn after `after` (decision 0020; storage/sync/relay-claims.ts).
   */
  relayClaims?(max: number, after?: RecordId): Promise<readonly RecordId[]>;
  /**
   * Checks a record's claimed events against the district's proofs (their JSON form), or
   * `absent`: the district answered that it has no such record.
   */
  judgeRelayClaims?(recordId: RecordId, answer: unknown): Promise<ClaimCheck>;
  /**
   * The server refused the change behind `ref`: move those outbox rows (and the local
   * updates they carried) to the quarantine with the reason, then reset the record to
   * `serverState` (empty = the server does not have it), rebuilding its projection.
   */
  quarantine(
    ref: number,
    recordId: RecordId,
    reason: string,
    detail: string,
    serverState: Uint8Array,
    /** The log entries of `serverState` (its reset replaces the record's entries). */
    entries?: readonly LogEntry[],
  ): Promise<void>;
  /**
   * The district refused a change the office relay had acknowledged (protocol 15,
   * Refusal.later): quarantine `change` with the reason (with the record's outbox
   * rows, as quarantine() does), reset the record to `reset.serverState`, and
   * remember `id` as taken. A refusal already taken (the relay sent it again) is
   * skipped. Optional, with the two below: test doubles may leave them out.
   */
  quarantineLater?(
    id: number,
    recordId: RecordId,
    reason: string,
    detail: string,
    change: Uint8Array,
    reset: { readonly serverState: Uint8Array; readonly entries: readonly LogEntry[] },
  ): Promise<void>;
  /** The ids of refusals made later that this device has taken and not yet told the server. */
  takenLater?(): Promise<readonly number[]>;
  /** The server has read a request naming these: they need not be named again. */
  forgetTaken?(ids: readonly number[]): Promise<void>;
  /** Clock offset (server − device, ms) learnt from the last response. */
  saveClockOffset(offsetMs: number): Promise<void>;
  /** Last successful sync time (device ms). */
  saveLastSynced(at: number): Promise<void>;
  /**
   * The server data generation the records here belong to; undefined until the
   * first sync. Optional (with startGeneration): a port without it skips the
   * generation check, as the engine's test doubles do.
   */
  generation?(): Promise<number | undefined>;
  /**
   * Records `generation` as the one the device is in. With `wipe` (the server's
   * data was reset), first deletes every record's data in one transaction:
   * updates, projection, outbox, drafts, numbering counters and the cursor.
   * Quarantined changes are kept, so nothing already shown as refused vanishes.
   */
  startGeneration?(generation: number, wipe: boolean): Promise<void>;
  /** The log key and head kept here. Optional (with the two below): without it nothing is checked. */
  logWatch?(): Promise<LogWatch>;
  /** Keeps a head this device verified. */
  keepTreeHead?(head: SignedTreeHead): Promise<void>;
  /**
   * The tier of log key `key` (one of LogWatch.others) answered: keep the current
   * tier's head, cursor, join and generation aside and take that tier's
   * (src/storage/sync/tiers.ts). Optional: without it such a head is an alarm.
   */
  switchTier?(key: Uint8Array): Promise<void>;
  /**
   * Keeps `key` as another tier's on the district's word (a vouch signed by a key
   * kept here, decision 0017), so that switchTier can take it. Optional: without
   * it a relay this tablet never signed in at is an alarm.
   */
  keepVouchedTier?(key: Uint8Array): Promise<void>;
  /** The log keys whose vouch for another key this tablet takes (tiers.ts vouchSigners). */
  vouchSigners?(): Promise<readonly Uint8Array[]>;
  /**
   * The signed-in person's office, or null with nobody signed in: a vouch is taken only
   * for a relay of that office (decision 0017, amendment 1).
   */
  sessionOffice?(): Promise<string | null>;
  /**
   * This tablet changed tier lately (tiers.ts TIER_WAIT_MS): a change refused
   * `missingDependencies` waits in the outbox for what the other tier took.
   */
  waitsForTier?(): Promise<boolean>;
  /**
   * The district's own origin an office relay named at sign-in, where a sync goes
   * when this tablet's address cannot be reached (decision 0015); null if none.
   */
  fallbackBase?(): Promise<string | null>;
  /**
   * Counts the syncs in a row this tablet's own address did not answer (`true`, at
   * device time `at`, adds one to the misses of the last ten minutes; `false`
   * forgets them) and returns the count, kept on the device (tiers.ts). A sync goes
   * to `fallbackBase` only from the second miss in a row (own-address.ts
   * FALLBACK_AFTER_MISSES): a tablet's first sync at the other tier pulls its whole
   * scope over the WAN, too much to spend on one dropped request. Optional: without
   * it, the first miss falls back.
   */
  ownAddressMissed?(missed: boolean, at?: number): Promise<number>;
  /**
   * When this tablet's own address was last answered by another office's relay (its
   * 401 `otherOffice`, or the district's vouch for another office; decision 0017,
   * amendment 2), or null: each run's first request there then carries nothing of the
   * outbox (own-address.ts). Kept on the device (tiers.ts), so a reload keeps it.
   */
  otherOfficeRelay?(): Promise<number | null>;
  /** Keeps (`at`, device ms) or forgets (null) what otherOfficeRelay reads. */
  keepOtherOfficeRelay?(at: number | null): Promise<void>;
  /**
   * The server said an administrator revoked the access of the person whose session has
   * `token`: wipe that person's data from the device and sign them out
   * (src/storage/session/revoked-access.ts). Optional: test doubles may leave it out.
   */
  accessRevoked?(token: string): Promise<void>;
  /** Records that a response failed the log check (named, src/doc/log-check.ts) and when. */
  raiseLogAlarm?(alarm: string, at: number): Promise<void>;
  /**
   * The signing key id of the session when an office relay signed it in without the
   * district (provisional, decision 0011), else null. Optional (with the one below).
   */
  provisionalKey?(): Promise<string | null>;
  /**
   * Whether the session's token is an office relay's own (a provisional sign-in,
   * confirmed since or not): valid at that relay only (decision 0015).
   */
  relayToken?(): Promise<boolean>;
  /**
   * The district has registered `keyId`: the session is no longer provisional, and
   * `deviceNumber` (the district's, for a tablet new to it) becomes this device's.
   */
  confirmProvisional?(keyId: string, deviceNumber?: number): Promise<void>;
  /**
   * The signed-in person's join (join-state.ts); null when none was ever started
   * here. Optional (with the one below): without it a device pages oldest first.
   */
  joinState?(): Promise<JoinState | null>;
  saveJoinState?(state: JoinState): Promise<void>;
  /**
   * The ETag of the directory held (null: none known); asked with If-None-Match
   * (src/sync/directory-fetch.ts). Optional (with the one below): without them a
   * tablet keeps the directory of its sign-in.
   */
  directoryTag?(): Promise<string | null>;
  /**
   * The version of the directory held (null: none); a push channel's `directory`
   * frame of this version or lower is not asked for (src/sync/directory-frame.ts). Optional:
   * without it every frame is followed by a sync and a request.
   */
  directoryVersion?(): Promise<number | null>;
  /**
   * Keeps a checked directory unless it is older than the held one (kept-directory.ts);
   * `widened`: the signed-in person's scope is wider in it, their next sync pulls again.
   */
  keepDirectory?(directory: Directory, tag: string | null): Promise<DirectoryKept>;
  /**
   * A directory answer was not taken (too large, not a directory, older): its ETag
   * is asked with from now on, the held directory unchanged (kept-directory.ts).
   */
  refuseDirectory?(tag: string): Promise<void>;
  /**
   * Asked before each request: true when a directory widened the signed-in person's
   * scope since their last sync; their cursor and join (here and at the other tiers)
   * are then gone, so this request pulls their scope from the start, desk first
   * (pull-again.ts). Optional: without it a widened scope's older records never come.
   */
  pullAgain?(): Promise<boolean>;
}
