import * as Y from 'yjs';
import { asPersonId, type PersonId, type RecordId } from '@domain/ids.ts';
import {
  BackupError,
  decodeBackup,
  encodeBackup,
  webSha256,
  type BackupContents,
  type BackupHeader,
  type Sha256,
} from './backup-format.ts';
import { KV_KEYS, type KvRow, type PatravaliDb } from '../db/db.ts';
import { FORM_DRAFT_PREFIX } from '../commands/form-drafts.ts';
import { loadRecordDoc, refreshProjection } from '../db/record-store.ts';
import { searchTables } from '../db/search-rows.ts';

/**
 * Whole-device backup, for a tablet about to be replaced or reset.
 *
 * Reads (export) and writes (import): `updates`, `records` (projection rows of
 * touched records, rebuilt — never copied), `drafts`, `outbox`, `quarantine`
 * and `kv`. The file format is in backup-format.ts. The outbox section also carries,
 * in their order, the pushes an office relay acknowledged that the district's proofs
 * have not shown yet (`relayAcked`, decision 0020): restored, they are sent again,
 * and a tier that has them already takes them as adding nothing.
 *
 * Drafts (yellow notings, half-filled forms) and guided-exercise progress
 * travel only for the person who exports: a shared tablet's backup file leaves
 * the tablet on a pen drive, and nobody's unfinished words may leave with
 * someone else. Other people's drafts stay on the tablet (each can export their
 * own); with nobody named, no drafts travel.
 *
 * Deliberately NOT included:
 * - kv `session`: a restored tablet must sign in again; a live bearer token
 *   must not travel on a pen drive.
 * - kv `deviceId`, `deviceNumber`: the new tablet registers as itself, so if
 *   the old one is ever used again their file numbers cannot collide (the
 *   numbering counters ARE carried, so numbers are never reused).
 * - kv `clockOffset`: it measures the OLD tablet's clock error; the new one
 *   learns its own on the first sync and until then marks times unverified.
 * - table `accounts` (offline sign-in verifiers): a PBKDF2 hash in a file that
 *   leaves the device can be brute-forced offline at leisure. The new tablet
 *   follows the normal rule: each person signs in online once.
 * - `records` rows (rebuilt from the updates on import) and `reviewCache`
 *   (a copy of a server report, fetched again when online).
 */

const EXCLUDED_KV: ReadonlySet<string> = new Set([
  KV_KEYS.session,
  KV_KEYS.deviceId,
  KV_KEYS.deviceNumber,
  KV_KEYS.clockOffset,
  // A join's rest phase leaves out the desk it brought: restored without it, a device
  // pages on from the backup's cursor and gets the desk again, losing nothing.
  KV_KEYS.join,
  // The other tier's cursors (tiers.ts): restored without them, it pulls again from 0.
  KV_KEYS.logTiers,
  // Misses of this tablet's own address (tiers.ts): the restored tablet's network is its own.
  KV_KEYS.ownAddressMisses,
  // Another office's relay at this tablet's address (tiers.ts): the restored tablet's is its own.
  KV_KEYS.otherOfficeRelay,
]);

/** kv keys that only move forward: the import keeps the larger value. */
const MONOTONIC_KV: ReadonlySet<string> = new Set([
  KV_KEYS.cursor,
  KV_KEYS.lastSynced,
  KV_KEYS.hlcLast,
]);

/** What an import changed; all zeros when the same file is imported again. */
export interface ImportSummary {
  /** Records whose Yjs state gained something. */
  readonly records: number;
  /** Drafts written (new, or newer than the one on this device). */
  readonly drafts: number;
  /** Outbox rows added (exact duplicates skipped). */
  readonly outbox: number;
  /** Quarantine rows added (exact duplicates skipped). */
  readonly quarantine: number;
  /** Settings written. */
  readonly settings: number;
}

export interface ExportOptions {
  readonly now: number;
  readonly appVersion: string;
  /** Whose drafts travel: the signed-in person's, or null for nobody's. */
  readonly person: PersonId | null;
  readonly sha256?: Sha256;
}

/** Everything on the device needed to carry on elsewhere, as one file. */
export async function exportBackup(db: PatravaliDb, opts: ExportOptions): Promise<Uint8Array> {
  const contents = await readContents(db, opts.person);
  return encodeBackup(
    contents,
    { createdAt: opts.now, appVersion: opts.appVersion },
    opts.sha256 ?? webSha256,
  );
}

/** kv rows that belong to one person: their form drafts and exercise progress. */
function personalKey(key: string): PersonId | null {
  for (const prefix of [FORM_DRAFT_PREFIX, KV_KEYS.exercisePrefix]) {
    if (key.startsWith(prefix)) return asPersonId(key.slice(prefix.length).split(':')[0] ?? '');
  }
  return null;
}

/** A consistent snapshot of the tables, in one read transaction. */
async function readContents(db: PatravaliDb, person: PersonId | null): Promise<BackupContents> {
  const tables = [db.updates, db.drafts, db.outbox, db.relayAcked, db.quarantine, db.kv];
  const raw = await db.transaction('r', tables, async () => ({
    updates: await db.updates.orderBy('seq').toArray(),
    drafts: await db.drafts.toArray(),
    outbox: [
      ...(await db.relayAcked.toArray()),
      ...(await db.outbox.orderBy('ref').toArray()),
    ].sort((a, b) => (a.ref ?? 0) - (b.ref ?? 0)),
    quarantine: await db.quarantine.orderBy('id').toArray(),
    kv: await db.kv.toArray(),
  }));
  const perRecord = new Map<RecordId, Uint8Array[]>();
  for (const u of raw.updates) {
    const list = perRecord.get(u.recordId) ?? [];
    list.push(u.update);
    perRecord.set(u.recordId, list);
  }
  return {
    records: [...perRecord].map(([recordId, list]) => ({
      recordId,
      update: list.length === 1 ? list[0]! : Y.mergeUpdates(list),
    })),
    drafts: raw.drafts.filter((d) => d.author === person).map((d) => ({ ...d })),
    outbox: raw.outbox.map(({ recordId, update, at }) => ({ recordId, update, at })),
    // Without its key; with what the list of refused changes needs to show it (db.ts).
    quarantine: raw.quarantine.map(({ id: _id, ...row }) => row),
    settings: raw.kv
      .filter((row) => !EXCLUDED_KV.has(row.key) && row.value !== undefined)
      .filter((row) => {
        const owner = personalKey(row.key);
        return owner === null || owner === person;
      })
      .map(({ key, value }) => ({ key, value })),
  };
}

/** Reads and verifies a backup's header without touching the database (for a preview). */
export async function readBackupHeader(
  bytes: Uint8Array,
  sha256: Sha256 = webSha256,
): Promise<BackupHeader> {
  return (await decodeBackup(bytes, sha256)).header;
}

/**
 * Merges a backup into this device. The whole file is verified before the
 * single write transaction starts, so a bad file (BackupError) writes
 * nothing; any failure inside the transaction rolls all of it back.
 */
export async function importBackup(
  db: PatravaliDb,
  bytes: Uint8Array,
  sha256: Sha256 = webSha256,
): Promise<ImportSummary> {
  const { contents } = await decodeBackup(bytes, sha256);
  const tables = [
    db.updates,
    db.records,
    ...searchTables(db),
    db.logEntries,
    db.groups,
    db.drafts,
    db.outbox,
    db.relayAcked,
    db.quarantine,
    db.kv,
  ];
  return db.transaction('rw', tables, async () => {
    await refuseOtherGeneration(db, contents.settings);
    return {
      records: await mergeRecords(db, contents.records),
      drafts: await mergeDrafts(db, contents.drafts),
      outbox: await mergeOutbox(db, contents.outbox),
      quarantine: await mergeQuarantine(db, contents.quarantine),
      settings: await mergeSettings(db, contents.settings),
    };
  });
}

/**
 * After a server data reset (kv `generation`, see sync-store.ts) old records
 * and cursors mean nothing to the server; mixing two generations on one
 * tablet would be worse than refusing the file.
 */
async function refuseOtherGeneration(
  db: PatravaliDb,
  settings: BackupContents['settings'],
): Promise<void> {
  const theirs = settings.find((s) => s.key === KV_KEYS.generation)?.value;
  const ours = (await db.kv.get(KV_KEYS.generation))?.value;
  if (theirs !== undefined && ours !== undefined && theirs !== ours)
    throw new BackupError('otherGeneration', `file ${String(theirs)}, device ${String(ours)}`);
}

/** Applies each record's update; stores and re-projects only records that gained something. */
async function mergeRecords(db: PatravaliDb, records: BackupContents['records']): Promise<number> {
  let changed = 0;
  for (const { recordId, update } of records) {
    const doc = await loadRecordDoc(db, recordId);
    try {
      // Yjs emits 'update' only for structs or deletions the doc did not have,
      // so a second import of the same file stores nothing.
      const gained: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => gained.push(u));
      applyOrRefuse(doc, recordId, update);
      if (gained.length === 0) continue;
      await db.updates.add({
        recordId,
        update: gained.length === 1 ? gained[0]! : Y.mergeUpdates(gained),
      });
      await refreshProjection(db, recordId, doc);
      changed++;
    } finally {
      doc.destroy();
    }
  }
  return changed;
}

/** A checksummed file can still carry a bad update (crafted); refuse it like any malformed file. */
function applyOrRefuse(doc: Y.Doc, recordId: RecordId, update: Uint8Array): void {
  try {
    Y.applyUpdate(doc, update);
  } catch (e) {
    throw new BackupError(
      'malformed',
      `record ${recordId}: ${e instanceof Error ? e.message : 'bad update'}`,
    );
  }
}

/** Per (record, author) the newer draft wins; a tie keeps this device's. */
async function mergeDrafts(db: PatravaliDb, drafts: BackupContents['drafts']): Promise<number> {
  let written = 0;
  for (const d of drafts) {
    const existing = await db.drafts.get([d.recordId, d.author]);
    if (existing && existing.updatedAt >= d.updatedAt) continue;
    await db.drafts.put(d);
    written++;
  }
  return written;
}

/** Adds the rows neither in the outbox nor kept as a relay's acknowledged push here. */
async function mergeOutbox(db: PatravaliDb, rows: BackupContents['outbox']): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const same = async (table: typeof db.outbox | typeof db.relayAcked) =>
      table
        .where('recordId')
        .equals(row.recordId)
        .filter((o) => sameBytes(o.update, row.update))
        .count();
    if ((await same(db.outbox)) > 0 || (await same(db.relayAcked)) > 0) continue;
    await db.outbox.add({ recordId: row.recordId, update: row.update, at: row.at });
    added++;
  }
  return added;
}

async function mergeQuarantine(
  db: PatravaliDb,
  rows: BackupContents['quarantine'],
): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const same = await db.quarantine
      .where('recordId')
      .equals(row.recordId)
      .filter(
        (q) =>
          q.at === row.at &&
          q.reason === row.reason &&
          q.detail === row.detail &&
          sameBytes(q.update, row.update),
      )
      .count();
    if (same > 0) continue;
    await db.quarantine.add({ ...row });
    added++;
  }
  return added;
}

/**
 * Monotonic values (cursor, last synced, HLC, numbering counters) keep the
 * larger one, so no number is handed out twice and the clock never runs
 * back; anything else this device already has wins (its own language,
 * its newer directory); missing keys — including ones this version does
 * not know — are added.
 */
async function mergeSettings(
  db: PatravaliDb,
  settings: BackupContents['settings'],
): Promise<number> {
  let written = 0;
  for (const s of settings) {
    if (EXCLUDED_KV.has(s.key)) continue;
    const existing = await db.kv.get(s.key);
    const next = mergedValue(s, existing);
    if (next === undefined) continue;
    await db.kv.put({ key: s.key, value: next });
    written++;
  }
  return written;
}

/** The value to write, or undefined to leave the row as it is. */
function mergedValue(incoming: KvRow, existing: KvRow | undefined): unknown {
  if (existing === undefined || existing.value === undefined) return incoming.value;
  const monotonic =
    MONOTONIC_KV.has(incoming.key) || incoming.key.startsWith(KV_KEYS.sequencePrefix);
  if (!monotonic) return undefined;
  const [a, b] = [incoming.value, existing.value];
  const larger =
    (typeof a === 'number' && typeof b === 'number' && a > b) ||
    (typeof a === 'string' && typeof b === 'string' && a > b);
  return larger ? a : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}
