import type { DeviceId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';

/**
 * The sync protocol, defined once for device and server (DESIGN.md §5).
 * Frames are binary (lib0 encoding, see codec.ts); updates travel as raw
 * Yjs update bytes, never base64.
 */

/**
 * Bump when a frame's layout changes, or when a build writes records an older
 * build cannot read.
 * 2: sync request and response carry the data generation (trainer reset).
 * 3: responses carry the server's log entries (record order and receipt times,
 *    docs/decisions/0002-record-order.md) with acks, refusals and pulled updates.
 * 4: no layout change; the device decodes refusal reasons it does not know
 *    (UnknownRefusalReason) and knows clockAhead and clockBehind.
 * 5: requests carry the size of the last tree head the device verified; responses
 *    carry the server's signed tree head and the consistency proof from that size
 *    (docs/decisions/0003-merkle-log.md).
 * 6: no layout change; the device reads the records this build writes: draft
 *    letters (docs/decisions/0005-draft-letters.md), retention at closing and
 *    security grades. An older build would hold such a record back as damaged,
 *    so the server no longer answers it (MIN_CLIENT_PROTOCOL).
 * 7: every log entry carries a running-register number (or a byte saying none):
 *    an office's one running dispatch register, numbered by the server
 *    (docs/decisions/0008-running-register.md). An older build cannot read the
 *    entries, and would never learn the numbers of what it pulled meanwhile.
 * 8: no layout change; the device reads the records this build writes: copies
 *    for information and receipts sent to several people (decision 0009) and
 *    linked files (`Link file`, src/domain/file-links.ts) and files attached under
 *    another (src/domain/file-attach.ts). A protocol 7 build would hold such a
 *    record back as damaged.
 * 9: no layout change; the device reads volumes of a file (`Close volume`,
 *    src/domain/volumes.ts). A protocol 8 build would hold a file with a closed
 *    volume back as damaged (an event type it does not know).
 * 10: no layout change; the device reads a withdrawn copy for information
 *    (`copyWithdrawn`, src/domain/copies.ts), which a protocol 9 build does not know.
 * 11: no layout change; the device reads a removed link between files
 *    (`fileUnlinked`, src/domain/file-links.ts), which a protocol 10 build does not know.
 * 12: no layout change; the device reads a file's close naming the officer who
 *    approved the closure (`approvedBy`, src/domain/closure.ts), a field a
 *    protocol 11 build refuses (its schema takes no extra keys).
 * 13: no layout change; the device reads a link removed from the linked file's
 *    side (`fromLinked` on `fileUnlinked`, src/domain/file-links.ts), a field a
 *    protocol 12 build refuses, and a removal its fold would keep as a conflict.
 * 14: a fresh device's join brings the signed-in person's desk first: requests and
 *    responses may carry a `join` (docs/decisions/0012-desk-first-join.md). Only the
 *    layout grew, and only at the end of the frame: the server answers protocol 13
 *    devices in their own layout, so MIN_CLIENT_PROTOCOL stays 13.
 * 15: an office relay tells a tablet that the district refused work the relay
 *    had taken from it (a refusal with `later`, ref 0), and the tablet says which
 *    of those it has quarantined (`taken`, at the end of its request);
 *    docs/decisions/0013-later-refusals.md. Protocol 13 and 14 tablets are still
 *    answered, without them: the relay keeps them until the tablet runs a build
 *    that reads them.
 * 16: no layout change; the device reads saved groups of recipients made in the
 *    app (a record of meta kind `group` and its events `groupNamed`,
 *    `groupMembersSet`, `groupDeleted`: src/domain/groups.ts,
 *    docs/decisions/0014-recipient-groups.md). A protocol 15 build refuses the
 *    meta kind and the event types and would hold the office's groups back as
 *    damaged, so MIN_CLIENT_PROTOCOL follows (decision 0006).
 * 17: a join's rest request may say from which cursor its pages bring each record
 *    whole (`wholeFrom`, join phase byte 3; docs/decisions/0019-join-rest-whole-records.md).
 *    A protocol 16 device never says it and is paged row by row as before, so
 *    MIN_CLIENT_PROTOCOL stays 16; a protocol 16 server tells a 17 device
 *    `serverTooOld`, so no page of a whole join comes from a build without it.
 */
export const PROTOCOL_VERSION = 17;
/** The first protocol whose frames carry a `join` (decision 0012). */
export const JOIN_PROTOCOL = 14;
/** The first protocol whose frames carry refusals made later, upstream (`Refusal.later`, `SyncRequest.taken`). */
export const LATER_REFUSALS_PROTOCOL = 15;
/**
 * The oldest client protocol this build's server answers; an older device is
 * told `clientTooOld` and shows "This app is out of date". Nothing is lost: its
 * unsent work waits in its outbox, the app asks for the new version at once,
 * and the new version (which opens the old database) sends it. Raise it when a
 * new build writes records an older one cannot read: answering an old device in
 * its own layout would still hand it records it must refuse
 * (docs/decisions/0006-old-builds.md).
 */
export const MIN_CLIENT_PROTOCOL = 16;
/**
 * The version push-channel frames (announce, heartbeat, directory) carry: their
 * layout has not changed since protocol 2, so every device, old or new, reads them
 * (a build that predates a frame's tag ignores the frame).
 */
export const CHANNEL_FRAME_VERSION = 2;

/**
 * The server's data generation: it starts at 1 and goes up each time the record
 * data is wiped (a demo reset). A device stores the generation its records
 * belong to; 0 on the wire means "none known yet" (a device that never synced).
 */
export const NO_GENERATION = 0;

/**
 * Page size for requests and responses, uncompressed: a bad link finishes one
 * page. Bodies travel gzipped, so a page of Hindi notings is about 30 KB on the
 * wire, some 5 s on 2G; halving it costs a round trip (0.6 s on 2G) every 30 KB
 * (docs/BENCHMARKS.md, page size). A join's pages are larger (JOIN_PAGE_BYTES,
 * sync-server/sync/handle-sync.ts).
 */
export const PAGE_BYTES = 128 * 1024;
/**
 * Sync bodies (both ways) larger than this travel gzip-compressed
 * (Content-Encoding: gzip); smaller ones, like the idle sync, are not worth it.
 * PAGE_BYTES and MAX_FRAME_BYTES always count the uncompressed frame.
 */
export const COMPRESS_MIN_BYTES = 1024;
/** Hard limits the server enforces. */
export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_UPDATE_BYTES = 128 * 1024;
/**
 * New records the server takes from one request. Pushes beyond it get neither
 * an ack nor a refusal: the device keeps them and sends them in its next
 * exchange, so a tablet back from a week offline loses nothing while one
 * request can no longer create 700 junk files at once.
 */
export const MAX_NEW_RECORDS_PER_REQUEST = 100;
/**
 * Refusals made later one request may name as taken (SyncRequest.taken), and so
 * the most an office relay tells in one answer: a request naming more is refused
 * whole as `frameMalformed` before anything of it is stored or marked. A tablet
 * names at most this many and the rest in its next request.
 */
export const MAX_TAKEN_PER_REQUEST = 1000;

/**
 * An office relay serves a log entry the district has not logged yet at this plus its
 * own position, after every position the district's log can reach (decision 0010,
 * amendment 4). A tablet reads an entry at or above it as work waiting at the relay
 * for the link to the district.
 */
export const RELAY_OWN_ORDER = 2 ** 40;

/** One pushed change: a device's unacknowledged updates to one record, merged. */
export interface PushedUpdate {
  /** Chosen by the device; echoed in the ack or refusal. */
  readonly ref: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
}

export interface SyncRequest {
  readonly type: 'syncRequest';
  readonly protocol: number;
  readonly deviceId: DeviceId;
  /** The last server sequence number this device applied. */
  readonly cursor: number;
  /**
   * The generation the device's records and cursor belong to (NO_GENERATION if
   * none yet). The server ignores pushes from another generation. Optional in
   * the type so older callers compile; encoded as NO_GENERATION when absent.
   */
  readonly generation?: number;
  /**
   * The size of the last tree head this device verified (0: none), so the server
   * proves the log grew from it (protocol 5; encoded as 0 when absent).
   */
  readonly logSize?: number;
  readonly updates: readonly PushedUpdate[];
  /** A fresh device's join, desk first (protocol 14; decision 0012). Absent: plain paging. */
  readonly join?: JoinRequest;
  /**
   * Refusals made later (`Refusal.later.id`) this device has quarantined since its
   * last answered request, so the office relay stops sending them (protocol 15;
   * encoded only from it).
   */
  readonly taken?: readonly number[];
}

/** The last desk row a desk page sent: the next desk page starts after it. */
export interface DeskMark {
  readonly recordId: RecordId;
  readonly seq: number;
}

/**
 * Where a join stands (docs/decisions/0012-desk-first-join.md). `desk`: send
 * the next page of the signed-in person's desk (the records they hold open, the
 * copies waiting for them and what is filed or attached in what they hold) as it
 * was at `seq` (0: the first desk page, the server fixes `seq`), after `after`.
 * `rest`: the desk as it was at `seq` is on the device; page on by the cursor
 * without it.
 */
export type JoinRequest =
  | { readonly phase: 'desk'; readonly seq: number; readonly after: DeskMark | null }
  | {
      readonly phase: 'rest';
      readonly seq: number;
      /**
       * Protocol 17: the cursor from which this device's rest pages come with each
       * record whole (decision 0019); absent, rows come one by one as before.
       */
      readonly wholeFrom?: number;
    };

/** The server's answer to a join (protocol 14). */
export interface JoinResponse {
  readonly phase: 'desk' | 'rest';
  /** The head the join is taken at: the desk's rows up to it come in the desk phase. */
  readonly seq: number;
  /** Desk phase: where the next desk page starts; null once the desk is complete. */
  readonly next: DeskMark | null;
  /** What is left of the join after this response, up to `seq`: records and update bytes. */
  readonly recordsLeft: number;
  readonly bytesLeft: number;
}

/**
 * The server's signed tree head (src/doc/tree-head.ts defines the signed bytes):
 * its Merkle log had `size` leaves with `root` at `time`.
 */
export interface TreeHeadFrame {
  readonly size: number;
  /** 32 bytes. */
  readonly root: Uint8Array;
  readonly time: number;
  /** Ed25519, 64 bytes, by the server's log key. */
  readonly sig: Uint8Array;
}

// Refusal reasons are named once, in the pure domain, so src/doc's validator can use them.
export { REFUSAL_REASONS } from '@domain/refusals.ts';
export type { RefusalReason } from '@domain/refusals.ts';
import { REFUSAL_REASONS, type RefusalReason } from '@domain/refusals.ts';

/** A reason index this build does not know (a newer server's), as decoded: `unknown:<index>`. */
export type UnknownRefusalReason = `unknown:${number}`;

/** The wire index of a reason; an unknown one keeps the index it arrived with. */
export function reasonIndex(reason: RefusalReason | UnknownRefusalReason): number {
  const known = REFUSAL_REASONS.indexOf(reason as RefusalReason);
  return known >= 0 ? known : Number(reason.slice('unknown:'.length));
}

export interface Refusal {
  readonly ref: number;
  readonly recordId: RecordId;
  /** Devices keep a reason they cannot name and show it as unknown (refusal.unknownReason). */
  readonly reason: RefusalReason | UnknownRefusalReason;
  /** Human-readable English detail for logs and the quarantine list. */
  readonly detail: string;
  /** The server's current state of the record (empty if it has none), so the device can reset. */
  readonly serverState: Uint8Array;
  /** The log entries of everything in `serverState` (protocol 3; absent before). */
  readonly entries?: readonly LogEntry[];
  /**
   * A refusal of work the server had acknowledged in an earlier exchange: an
   * office relay forwarded it and the district refused it (protocol 15; `ref` is
   * 0). `change` is what was refused (the device's outbox no longer holds it);
   * `id` names the refusal until the device says it has taken it
   * (SyncRequest.taken).
   */
  readonly later?: { readonly id: number; readonly change: Uint8Array };
}

/** Log entries of one record's events. */
export interface RecordEntries {
  readonly recordId: RecordId;
  readonly entries: readonly LogEntry[];
}

/** An update in the device's scope, past its cursor. */
export interface ServerUpdate {
  readonly seq: number;
  readonly recordId: RecordId;
  readonly update: Uint8Array;
  /** Log entries of the events (and record creation) this update brought (protocol 3). */
  readonly entries?: readonly LogEntry[];
}

export interface SyncResponse {
  readonly type: 'syncResponse';
  readonly protocol: number;
  /** Refs of pushed updates that are committed to disk. */
  readonly acks: readonly number[];
  /**
   * The log entries of every event in the acknowledged updates, by record
   * (protocol 3; absent before): how the device learns its own work's place.
   */
  readonly logged?: readonly RecordEntries[];
  readonly refusals: readonly Refusal[];
  readonly updates: readonly ServerUpdate[];
  /** The cursor to send next time. */
  readonly cursor: number;
  /**
   * True when more updates are waiting past `cursor`, or (from an office relay)
   * more refusals made later wait past this answer's: ask again.
   */
  readonly more: boolean;
  /** The server's clock (ms since epoch) when the response was made. */
  readonly serverTime: number;
  /** The newest sequence in scope, for a progress bar during catch-up. */
  readonly headSeq: number;
  /**
   * The server's data generation. When it differs from the device's, the device
   * wipes its record data and syncs again from cursor 0. Optional in the type so
   * older callers compile; encoded as NO_GENERATION when absent.
   */
  readonly generation?: number;
  /** The latest signed head of the server's Merkle log (protocol 5; absent before). */
  readonly treeHead?: TreeHeadFrame;
  /**
   * RFC 6962 consistency proof from the request's `logSize` to `treeHead.size`
   * (empty when the device had no head or is at the head's size).
   */
  readonly consistency?: readonly Uint8Array[];
  /**
   * Answers a request's `join` (protocol 14). In the desk phase `updates` are
   * desk rows (any seqs up to `join.seq`), `cursor` stays where the request had it
   * and `more` is true: the rest follows.
   */
  readonly join?: JoinResponse;
}

/** Sent on the push channel: new data past `cursor` exists; pull it. */
export interface Announce {
  readonly type: 'announce';
  readonly cursor: number;
}

/**
 * Sent on the push channel every `intervalMs` while it is open, so a device
 * notices a link that died without closing: no frame for a few intervals means
 * the link is gone. Devices that predate it ignore an unknown frame.
 */
export interface Heartbeat {
  readonly type: 'heartbeat';
  readonly intervalMs: number;
}

/**
 * Sent on the push channel when the server took a new directory (an office relay's
 * upstream run took the district's): the device asks GET /api/directory at once
 * instead of at its next check. `version` is the directory's: a device that holds it,
 * or a newer one, does not ask (src/sync/directory-frame.ts). A frame of its own
 * (CHANNEL_FRAME_VERSION like the others): a build before it reads an unknown tag
 * as no frame, ignores it and takes the directory at its next check, as before.
 */
export interface DirectoryAnnounce {
  readonly type: 'directory';
  readonly version: number;
}

export const ERROR_CODES = [
  'clientTooOld',
  'serverTooOld',
  'unauthenticated',
  'frameMalformed',
  'frameTooLarge',
  'forbidden',
  'deviceMismatch',
  // Appended last: the code travels as its index. A device from before reads an
  // unknown code as a server error and retries later, which is what it should do.
  'tooManyRequests',
  // The person sent more today than an office's day (sync bodies and scans).
  'dailyLimit',
  /**
   * An administrator revoked the person's access on this device (revoke, revoke-device):
   * the device wipes that person's data (src/storage/session/revoked-access.ts). Sent with HTTP
   * 401, so a device from before it signs in again as for any ended session.
   */
  'accessRevoked',
  /**
   * The server could not commit: other exchanges (possibly through other server
   * instances) kept moving the records it judged, round after round. Sent with HTTP
   * 503 and Retry-After; nothing was stored, and the device syncs again after the wait.
   */
  'busy',
  /**
   * An office relay does not take this session because it is a session of a person of
   * another office that the district answers itself, as the district told it: a live one,
   * or one whose access the district revoked (decision 0017, amendment 2): the tablet
   * syncs at the district's own address instead of asking to sign in again, and is
   * synced or told `accessRevoked` there. Sent with HTTP 401, so a device from before it
   * asks to sign in again, as before.
   */
  'otherOffice',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A whole request refused (HTTP 4xx body). */
export interface ErrorFrame {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly detail: string;
}

export type Frame =
  SyncRequest | SyncResponse | Announce | Heartbeat | DirectoryAnnounce | ErrorFrame;
