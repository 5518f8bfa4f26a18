import type { Person } from '@domain/directory.ts';
import { DISTRICT_ROLES } from '@domain/directory.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import type { DirectoryKey } from '@protocol/api.ts';
import { loadRecordDoc, readMeta } from '@doc/record-doc.ts';
import { eventsInUpdate } from '@doc/update-events.ts';
import { KV_KEYS, readKv, writeKv, type OutboxRow, type PatravaliDb } from '../db/db.ts';
import { FORM_DRAFT_PREFIX } from '../commands/form-drafts.ts';
import { deleteRecordRows, refreshProjection } from '../db/record-store.ts';
import { searchTables } from '../db/search-rows.ts';
import type { RevokedNotice } from './revoked-notice.ts';
import type { StoredSession } from './session.ts';
import { forgetTierCursors } from '../sync/tiers.ts';

/**
 * An administrator revoked a person's access on this device (`npm run admin --
 * revoke` / `revoke-device`); the server says so at the next sync
 * (`accessRevoked`). This removes that person from the device, in one
 * transaction, and leaves everyone else's data as it was:
 *
 * - their `accounts` row (offline sign-in verifier, wrapped signing key, sealed
 *   author key and token): they can no longer sign in here offline;
 * - the kv `session` when it is theirs (token, signer);
 * - their yellow drafts (`drafts` by author), form drafts (kv `formDraft:<id>:*`),
 *   guided-exercise progress (kv `exercise:<id>`) and cached pendency reports;
 * - their unsent changes: `outbox` rows whose events are all theirs, with the
 *   same bytes in `updates` (the record then reads as the server has it); their
 *   refused changes in the `quarantine`; what an office relay took of theirs
 *   (`relayAcked`, not sent again);
 * - every cached record that no one left on the device may read: someone may read
 *   a record whose office is theirs, in whose participants they are, or when they
 *   have a district role (the server's scope, DESIGN.md §5, as far as a device can
 *   tell). A record someone else still has unsent work on stays. When a record is
 *   removed the cursor goes back to 0, so a person who may read it after all (one
 *   sent a copy, say) gets it again at their next sync.
 *
 * The device keeps a notice (kv `accessRevoked`) for the sign-in page
 * (revoked-notice.ts reads it).
 */

export interface WipeReport {
  readonly unsent: number;
  readonly records: number;
}

/** Wipes the person whose session holds `token` (see the header); null if that session is gone. */
export async function wipeRevokedSession(
  db: PatravaliDb,
  token: string,
  at: number,
): Promise<WipeReport | null> {
  const session = await readKv<StoredSession>(db, KV_KEYS.session);
  if (session === undefined || session.token !== token) return null;
  return wipeRevokedPerson(db, session.person, at);
}

export async function wipeRevokedPerson(
  db: PatravaliDb,
  person: Person,
  at: number,
): Promise<WipeReport> {
  const tables = [
    db.accounts,
    db.kv,
    db.drafts,
    db.reviewCache,
    db.outbox,
    db.relayAcked,
    db.updates,
    db.quarantine,
    db.records,
    ...searchTables(db),
    db.logEntries,
    db.pullChecks,
    db.logProofs,
    db.groups,
  ];
  return db.transaction('rw', tables, async () => {
    const id = person.id;
    await db.accounts.filter((a) => a.person.id === id).delete();
    const session = await readKv<StoredSession>(db, KV_KEYS.session);
    if (session?.person.id === id) await db.kv.delete(KV_KEYS.session);
    await db.drafts.where('author').equals(id).delete();
    await db.kv.where('key').startsWith(`${FORM_DRAFT_PREFIX}${id}:`).delete();
    await db.kv.delete(`${KV_KEYS.exercisePrefix}${id}`);
    await db.reviewCache.where('key').startsWith(`pendency:${id}`).delete();
    const unsent = await dropUnsent(db, id);
    // What an office relay took of theirs is not sent again (decision 0020).
    await db.relayAcked.filter((r) => byPerson(r, id)).delete();
    await db.quarantine.filter((q) => onlyBy(q.update, id)).delete();
    const records = await dropUnreadable(db);
    if (records > 0) {
      await db.kv.bulkDelete([KV_KEYS.cursor, KV_KEYS.join]);
      await forgetTierCursors(db);
    }
    const notice: RevokedNotice = { person, at };
    await writeKv(db, KV_KEYS.accessRevoked, notice);
    return { unsent, records };
  });
}

/** True when the update carries events and every one is by `person`. */
function onlyBy(update: Uint8Array, person: PersonId): boolean {
  const events = eventsInUpdate(update);
  return events.length > 0 && events.every((e) => e.actor === person);
}

/** Removes the person's outbox rows and their updates; refreshes those records' rows. */
async function dropUnsent(db: PatravaliDb, person: PersonId): Promise<number> {
  const rows = (await db.outbox.toArray()).filter((r) => byPerson(r, person));
  const touched = new Set<RecordId>();
  for (const row of rows) {
    touched.add(row.recordId);
    await db.outbox.delete(row.ref ?? -1);
    const same = await db.updates
      .where('recordId')
      .equals(row.recordId)
      .filter((u) => sameBytes(u.update, row.update))
      .primaryKeys();
    await db.updates.bulkDelete(same);
  }
  for (const recordId of touched) await refreshProjection(db, recordId);
  return rows.length;
}

/** A change creating a record carries its creator in the meta, not in events. */
function byPerson(row: OutboxRow, person: PersonId): boolean {
  if (onlyBy(row.update, person)) return true;
  return eventsInUpdate(row.update).length === 0 && creatorOf(row.update) === person;
}

/** A creation update is whole by itself, so a fresh document reads its meta. */
function creatorOf(update: Uint8Array): PersonId | null {
  const doc = loadRecordDoc([update]);
  const meta = readMeta(doc);
  doc.destroy();
  return meta.ok ? meta.value.createdBy : null;
}

/** Deletes the records no one left on the device may read; returns how many. */
async function dropUnreadable(db: PatravaliDb): Promise<number> {
  const people = (await db.accounts.toArray()).map((a) => a.person);
  const waiting = new Set((await db.outbox.toArray()).map((r) => r.recordId));
  const gone: RecordId[] = [];
  await db.records.each((row) => {
    if (waiting.has(row.id)) return;
    if (!people.some((p) => mayRead(p, row.office, row.participants))) gone.push(row.id);
  });
  // Saved groups of recipients (decision 0014) reach their office only: no participants.
  await db.groups.each((g) => {
    if (!waiting.has(g.id) && !people.some((p) => mayRead(p, g.office, []))) gone.push(g.id);
  });
  for (const id of gone) {
    await db.updates.where('recordId').equals(id).delete();
    await db.logEntries.where('recordId').equals(id).delete();
    await db.pullChecks.delete(id);
    await db.logProofs.delete(id);
    await db.relayAcked.where('recordId').equals(id).delete();
    await deleteRecordRows(db, id);
    await db.groups.delete(id);
  }
  return gone.length;
}

function mayRead(p: Person, office: string, participants: readonly PersonId[]): boolean {
  return DISTRICT_ROLES.includes(p.role) || p.office === office || participants.includes(p.id);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

/**
 * On a shared tablet the revoked person may not be the one who syncs next: at each
 * online sign-in, anyone else remembered here whose key on this device the directory
 * lists as revoked is wiped too. Returns whom.
 */
export async function wipeRevokedAccounts(
  db: PatravaliDb,
  keys: readonly DirectoryKey[],
  signingIn: string,
): Promise<readonly PersonId[]> {
  const revoked = new Map(keys.filter((k) => k.revokedAt !== null).map((k) => [k.id, k]));
  const wiped: PersonId[] = [];
  for (const account of await db.accounts.toArray()) {
    const key =
      account.signingKey === undefined ? undefined : revoked.get(account.signingKey.keyId);
    if (account.username === signingIn || key?.person !== account.person.id) continue;
    await wipeRevokedPerson(db, account.person, key.revokedAt ?? 0);
    wiped.push(account.person.id);
  }
  return wiped;
}
