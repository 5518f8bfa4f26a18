import { watchOutbox } from './outbox-watch.ts';
import { acknowledge } from './acknowledge.ts';
import {
  claimedRecords,
  eventsWithin,
  judgeRelayClaims,
  relayWord,
  returnRelayAcked,
  takeRelayAckedLacking,
} from './relay-claims.ts';
import * as Y from 'yjs';
import { eventsInUpdate } from '@doc/update-events.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { wipeRevokedSession } from '../session/revoked-access.ts';
import {
  KV_KEYS,
  readKv,
  writeKv,
  type OutboxRow,
  type PatravaliDb,
  type QuarantineRow,
} from '../db/db.ts';
import { keepTreeHead, raiseLogAlarm, readLogWatch } from './log-watch.ts';
import type { LogEntry } from '@domain/record-log.ts';
import { saveDeviceKeys } from '../session/device-keys.ts';
import { confirmProvisionalSession, currentSession } from '../session/session.ts';
import {
  directoryTag,
  directoryVersion,
  keepDirectory,
  refuseDirectory,
} from '../session/kept-directory.ts';
import { cursorOwner, readCursor } from './cursor.ts';
import { readJoin, saveJoin } from './join-state.ts';
import { takePullAgain } from './pull-again.ts';
import {
  forgetTierCursors,
  ownAddressMissed,
  otherOfficeRelay,
  keepOtherOfficeRelay,
  switchTier,
  keepVouchedTier,
  vouchSigners,
  syncFallback,
  waitsForTier,
} from './tiers.ts';
import { applyPulled, recheckHeld } from './pull-check.ts';
import { recordTables, refreshProjection, resetRecord, saveEntries } from '../db/record-store.ts';
import { quarantineShownTo, restrictedAccess } from '../db/quarantine-access.ts';
import { clearSearchRows } from '../db/search-rows.ts';
import type { LoggedEntries, OutgoingUpdate, SyncPort } from './sync-port.ts';
import { createJobVerifier, type JobVerifier } from './verify-jobs.ts';

/**
 * The SyncPort over Dexie. Reads and writes `outbox`, `updates`, `records`,
 * `logEntries`, `quarantine`, `pullChecks` (pull-check.ts) and the kv keys
 * `cursor`, `deviceKeys`, `clockOffset`, `lastSynced`, `generation`, `directory`,
 * `directoryTag` (kept-directory.ts) (and, through
 * log-watch.ts, `logKey`, `logHead`, `logAlarm`; through tiers.ts, `logTiers`); a generation change also clears `drafts` and the numbering
 * counters (kv `seq:*`).
 *
 * An outgoing update's `ref` is the highest outbox ref merged into it, so an
 * ack or refusal maps back to "this record's outbox rows up to ref" without
 * keeping any state between takeOutgoing and the response.
 */
export function createSyncPort(
  db: PatravaliDb,
  now: () => number = () => Date.now(),
  verify: JobVerifier = createJobVerifier(),
): SyncPort {
  const checks = { verify, now };
  // Whose cursor the sync read is the one its pull advances, whoever signs in meanwhile.
  let owner: string | undefined;
  return {
    cursor: async () => {
      owner = await cursorOwner(db);
      return readCursor(db, owner);
    },
    takeOutgoing: (maxBytes) => takeOutgoing(db, maxBytes),
    pendingCount: () => pendingCount(db),
    watchLocalChanges: (onChange) => watchOutbox(db, onChange),
    applyIncoming: (updates, cursor) => applyPulled(db, checks, updates, cursor, owner),
    saveDeviceKeys: (keys) => saveDeviceKeys(db, keys),
    recheckHeld: () => recheckHeld(db, checks),
    heldForKeys: async () =>
      (await db.pullChecks.where('problem').equals('unknownKey').count()) > 0,
    acknowledge: (refs, logged) => acknowledge(db, refs, logged),
    saveLogged: (logged) => saveLogged(db, logged, now()),
    relayClaims: (max, after) => claimedRecords(db, max, after),
    judgeRelayClaims: (recordId, json) => judgeRelayClaims(db, recordId, json, now()),
    quarantine: (ref, recordId, reason, detail, serverState, entries = []) =>
      quarantine(db, { ref, recordId, reason, detail, serverState, entries, at: now() }),
    quarantineLater: (id, recordId, reason, detail, change, reset) =>
      quarantineLater(db, id, change, { ref: 0, recordId, reason, detail, ...reset, at: now() }),
    takenLater: async () => (await readKv<number[]>(db, KV_KEYS.laterTaken)) ?? [],
    forgetTaken: (ids) => forgetTaken(db, ids),
    saveClockOffset: (offsetMs) => writeKv(db, KV_KEYS.clockOffset, offsetMs),
    saveLastSynced: (at) => writeKv(db, KV_KEYS.lastSynced, at),
    generation: () => readKv<number>(db, KV_KEYS.generation),
    startGeneration: (generation, wipe) => startGeneration(db, generation, wipe),
    logWatch: () => readLogWatch(db),
    keepTreeHead: (head) => keepTreeHead(db, head),
    switchTier: (key) => switchTier(db, key, now()),
    keepVouchedTier: (key) => keepVouchedTier(db, key),
    vouchSigners: () => vouchSigners(db),
    sessionOffice: async () => (await currentSession(db))?.person.office ?? null,
    waitsForTier: () => waitsForTier(db, now()),
    fallbackBase: () => syncFallback(db),
    ownAddressMissed: (missed, at) => ownAddressMissed(db, missed ? (at ?? now()) : null),
    otherOfficeRelay: () => otherOfficeRelay(db),
    keepOtherOfficeRelay: (at) => keepOtherOfficeRelay(db, at),
    raiseLogAlarm: (alarm, at) => raiseLogAlarm(db, alarm, at),
    accessRevoked: async (token) => void (await wipeRevokedSession(db, token, now())),
    provisionalKey: async () => {
      const session = await currentSession(db);
      return session?.provisional === true ? (session.signer?.keyId ?? null) : null;
    },
    relayToken: async () => {
      const session = await currentSession(db);
      return session?.provisional === true || session?.relayToken === true;
    },
    confirmProvisional: (keyId, deviceNumber) => confirmProvisionalSession(db, keyId, deviceNumber),
    // The join the sync's cursor belongs to (read with it), whoever signs in meanwhile.
    joinState: async () => readJoin(db, owner ?? (await cursorOwner(db))),
    saveJoinState: async (state) => saveJoin(db, owner ?? (await cursorOwner(db)), state),
    directoryTag: () => directoryTag(db),
    directoryVersion: () => directoryVersion(db),
    keepDirectory: (directory, tag) => keepDirectory(db, directory, tag),
    refuseDirectory: (tag) => refuseDirectory(db, tag),
    pullAgain: () => takePullAgain(db),
  };
}

/** See SyncPort.startGeneration. The HLC, clock offset, session and accounts stay. */
async function startGeneration(db: PatravaliDb, generation: number, wipe: boolean): Promise<void> {
  await db.transaction(
    'rw',
    [...recordTables(db), db.outbox, db.relayAcked, db.drafts, db.kv, db.pullChecks],
    async () => {
      if (wipe) {
        await Promise.all([db.updates.clear(), db.records.clear(), db.outbox.clear()]);
        await db.relayAcked.clear();
        await db.groups.clear();
        await clearSearchRows(db);
        await db.pullChecks.clear();
        await db.logEntries.clear();
        await db.drafts.clear();
        await db.kv.where('key').startsWith(KV_KEYS.sequencePrefix).delete();
        await db.kv.delete(KV_KEYS.cursor);
        await db.kv.delete(KV_KEYS.join);
        await forgetTierCursors(db);
      }
      await writeKv(db, KV_KEYS.generation, generation);
    },
  );
}

/**
 * Records in order of their oldest pending row, each as its rows merged while
 * the page still has room. A record whose rows do not all fit sends the rows
 * that do (ref = the last one merged; the rest go in the next page) and ends
 * the page. A single row bigger than the whole page goes alone.
 */
async function takeOutgoing(db: PatravaliDb, maxBytes: number): Promise<OutgoingUpdate[]> {
  await returnRelayAcked(db);
  const rows = await db.outbox.orderBy('ref').toArray();
  const out: OutgoingUpdate[] = [];
  let total = 0;
  for (const [recordId, group] of groupByRecord(rows)) {
    const merged = mergeWithin(group, maxBytes - total, out.length === 0);
    if (merged === null) break;
    out.push({ ref: merged.ref, recordId, update: merged.update });
    total += merged.update.byteLength;
    if (merged.rows < group.length) break;
  }
  return out;
}

/**
 * Merges the longest prefix of a record's rows that stays within `budget`
 * bytes; null if not even the first row fits, unless `mustTakeOne`.
 */
function mergeWithin(
  group: readonly OutboxRow[],
  budget: number,
  mustTakeOne: boolean,
): { update: Uint8Array; ref: number; rows: number } | null {
  const first = group[0];
  if (first === undefined) return null;
  if (first.update.byteLength > budget && !mustTakeOne) return null;
  let taken = { update: first.update, ref: first.ref ?? 0, rows: 1 };
  for (const row of group.slice(1)) {
    const update = Y.mergeUpdates([taken.update, row.update]);
    if (update.byteLength > budget) break;
    taken = { update, ref: row.ref ?? 0, rows: taken.rows + 1 };
  }
  return taken;
}

/** Groups rows by record, records in order of their oldest pending row. */
function groupByRecord(rows: readonly OutboxRow[]): Map<RecordId, OutboxRow[]> {
  const map = new Map<RecordId, OutboxRow[]>();
  for (const row of rows) {
    const group = map.get(row.recordId);
    if (group) group.push(row);
    else map.set(row.recordId, [row]);
  }
  return map;
}

async function pendingCount(db: PatravaliDb): Promise<number> {
  const keys = await db.outbox.orderBy('recordId').uniqueKeys();
  return keys.length;
}

/** The order the server gave this device's own events: stored, and their records refolded. */
async function saveLogged(
  db: PatravaliDb,
  logged: readonly LoggedEntries[],
  now: number,
): Promise<void> {
  if (logged.length === 0) return;
  await db.transaction('rw', [...recordTables(db), db.kv], async () => {
    // At an office relay, what it says the district logged of this tablet's own work.
    const relay = await relayWord(db, true, now);
    for (const { recordId, entries } of logged) {
      await saveEntries(db, recordId, entries, relay);
      await refreshProjection(db, recordId);
    }
  });
}

interface QuarantineInput {
  readonly ref: number;
  readonly recordId: RecordId;
  readonly reason: string;
  readonly detail: string;
  readonly serverState: Uint8Array;
  readonly entries: readonly LogEntry[];
  readonly at: number;
}

/**
 * Moves ALL of the record's outbox rows to the quarantine, not only those up
 * to `ref`: later local changes were built on the refused one and are about
 * to be erased from `updates` by the reset, so pushing them would diverge.
 */
async function quarantine(db: PatravaliDb, q: QuarantineInput): Promise<void> {
  await db.transaction('rw', [db.outbox, db.quarantine, ...recordTables(db)], () =>
    moveToQuarantine(db, q, []),
  );
}

/** Within a transaction: the record's outbox rows (after `refused`) to the quarantine, then the reset. */
async function moveToQuarantine(
  db: PatravaliDb,
  q: QuarantineInput,
  refused: readonly Uint8Array[],
  later?: number,
): Promise<void> {
  const rows = await db.outbox.where('recordId').equals(q.recordId).sortBy('ref');
  const parts = [...refused, ...rows.map((r) => r.update)];
  // Read before the reset, which may take the record off this tablet.
  const before = await db.records.get(q.recordId);
  await resetRecord(db, q.recordId, q.serverState, q.entries);
  if (parts.length === 0) return;
  const access = restrictedAccess(before) ?? restrictedAccess(await db.records.get(q.recordId));
  await db.quarantine.add({
    recordId: q.recordId,
    reason: q.reason,
    detail: q.detail,
    at: q.at,
    update: parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts),
    ...(later === undefined ? {} : { later }),
    // Reset to nothing: the record leaves this tablet (decision 0013, amendment 1).
    ...(later !== undefined && q.serverState.length === 0 ? { whole: true as const } : {}),
    ...(access === undefined ? {} : { access }),
  });
  await db.outbox.where('recordId').equals(q.recordId).delete();
}

/**
 * The district refused `change` after the office relay had acknowledged it: kept
 * in the quarantine with the reason, with whatever of the record still waits in
 * the outbox (it builds on the refused change, which the reset erases), and `id`
 * remembered for the relay. One the device already took is not taken twice. A
 * record refused whole that this tablet never held is only remembered as taken.
 */
async function quarantineLater(
  db: PatravaliDb,
  id: number,
  change: Uint8Array,
  q: QuarantineInput,
): Promise<void> {
  const tables = [db.outbox, db.relayAcked, db.quarantine, db.kv, ...recordTables(db)];
  await db.transaction('rw', tables, async () => {
    const taken = (await readKv<number[]>(db, KV_KEYS.laterTaken)) ?? [];
    // What the relay took of the record and the district's state lacks goes with the refused
    // change into the quarantine, not to be sent again (decision 0020).
    const acked = await takeRelayAckedLacking(db, q.recordId, q.serverState, q.entries);
    const known = await db.quarantine.where('recordId').equals(q.recordId).toArray();
    // Refused already at the district itself (the tablet met it there first): not twice.
    const held = (r: QuarantineRow) => eventsWithin(change, r.update);
    // Taken back whole, the relay tells every tablet that may have pulled the record
    // (decision 0013, amendment 5): one that never had it keeps nothing.
    const never =
      q.serverState.length === 0 &&
      (await db.updates.where('recordId').equals(q.recordId).count()) === 0 &&
      (await db.outbox.where('recordId').equals(q.recordId).count()) === 0;
    if (!never && !known.some((r) => r.later === id || held(r)))
      await moveToQuarantine(db, q, [change, ...acked], id);
    if (!taken.includes(id)) await writeKv(db, KV_KEYS.laterTaken, [...taken, id]);
  });
}

async function forgetTaken(db: PatravaliDb, ids: readonly number[]): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const taken = (await readKv<number[]>(db, KV_KEYS.laterTaken)) ?? [];
    await writeKv(
      db,
      KV_KEYS.laterTaken,
      taken.filter((id) => !ids.includes(id)),
    );
  });
}

export interface QuarantineListItem {
  readonly id: number;
  readonly recordId: RecordId;
  readonly reason: string;
  readonly detail: string;
  readonly at: number;
  /** The district refused it after the office relay had taken it (the relay had said "sent"). */
  readonly upstream: boolean;
  /** With `upstream`: the district holds nothing of the record, which left this tablet. */
  readonly whole: boolean;
  /** What the refused change said (notings' text, moves), so the person can read their work. */
  readonly events: readonly RecordEvent[];
  /**
   * With a viewer, on the newest row of a record no longer on this tablet: the text of
   * the viewer's draft noting on it (kept in `drafts`, which only the record's page
   * shows), so their unsent words stay in view (DESIGN.md invariant 7). Null otherwise.
   */
  readonly draft: string | null;
}

/**
 * Quarantined changes, newest first, for the list in the app: with `viewer`, those
 * of a restricted record only if the viewer is on its access list (a shared tablet
 * holds everyone's refused changes).
 */
export async function listQuarantine(
  db: PatravaliDb,
  viewer?: PersonId,
): Promise<readonly QuarantineListItem[]> {
  const rows = await db.quarantine.orderBy('at').reverse().toArray();
  const items: QuarantineListItem[] = [];
  const drafted = new Set<RecordId>();
  for (const r of rows) {
    if (!quarantineShownTo(r, viewer)) continue;
    let draft: string | null = null;
    if (viewer !== undefined && !drafted.has(r.recordId)) {
      drafted.add(r.recordId);
      const gone = (await db.records.get(r.recordId)) === undefined;
      if (gone) draft = (await db.drafts.get([r.recordId, viewer]))?.text ?? null;
    }
    items.push({
      id: r.id ?? 0,
      recordId: r.recordId,
      reason: r.reason,
      detail: r.detail,
      at: r.at,
      upstream: r.later !== undefined,
      whole: r.whole === true,
      events: eventsInUpdate(r.update),
      draft,
    });
  }
  return items;
}
