import { loadRecordDoc as docFromUpdates, readEvents, readMeta } from '@doc/record-doc.ts';
import { eventsInUpdate } from '@doc/update-events.ts';
import { checkRecordProofs, proofsFromJson } from '@doc/record-proofs.ts';
import { decodeB64url } from '@doc/signature.ts';
import { LOG_KEY_BYTES } from '@doc/tree-head.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';
import type { RecordId } from '@domain/ids.ts';
import {
  KV_KEYS,
  readKv,
  writeKv,
  type LogEntryRow,
  type OutboxRow,
  type PatravaliDb,
} from '../db/db.ts';
import { RELAY_OWN_ORDER } from '@protocol/messages.ts';
import { loadRecordDoc, type ClaimMark, type RelayWord } from '../db/record-store.ts';
import type { ClaimCheck, LoggedEntries } from './sync-port.ts';

/**
 * An office relay's word that the district logged this office's work, checked
 * against the district's own signed log (decision 0020). The relay serves an event
 * at a position of its own while it waits for the district (`atRelay`, decision
 * 0010, amendment 4), and at the district's position once the district took it.
 * That second answer is the relay's word alone: a relay that withholds work could
 * give it too. So the tablet keeps such an entry `claimed` and asks, through the
 * relay, for the district's inclusion proofs of the record (`?of=district`),
 * signed with the district's log key, which the relay does not hold. An event they
 * prove is no longer claimed. One they do not prove, under a head the district
 * signed more than CLAIM_SLACK_MS after the relay gave its word (the earlier of the
 * receipt time the relay gave and this tablet's clock when it kept the word: the relay
 * chooses the one, not the other), is refuted (`claimed` 2): the relay said the district
 * had it when it did not. So is every claim on a record the district says it does not
 * have. The sync light says so (queries.ts refutedRelayClaims) until proofs show it.
 */

/** A head signed this long after an event's receipt holds it (logged in the same commit). */
export const CLAIM_SLACK_MS = 5 * 60 * 1000;

/** base64url characters of a 32-byte key. */
const KEY_CHARS = 43;

const entryKey = (recordId: string, eventId: string): string => `${recordId} ${eventId}`;

/**
 * How entries an office relay serves now are marked (record-store.ts saveEntries), or
 * undefined when the district answers (the tablet's current log key is the district's)
 * or the tablet knows no district key to check a claim with. An entry at a district
 * position is claimed when it waited at the relay before, or is of the tablet's `own`
 * acknowledged work; one claimed already keeps its mark. A refuted mark stays on an
 * entry the relay serves as waiting again: it said otherwise before.
 */
export async function relayWord(
  db: PatravaliDb,
  own: boolean,
  now: number,
): Promise<RelayWord | undefined> {
  if ((await relayAnswering(db)) === undefined) return undefined;
  const waited = new Set<string>();
  for (const key of await db.logEntries.where('atRelay').equals(1).primaryKeys()) {
    const [recordId, eventId] = key as unknown as [string, string];
    waited.add(entryKey(recordId, eventId));
  }
  const marks = new Map<string, ClaimMark>();
  for (const row of await db.logEntries.where('claimed').above(0).toArray())
    marks.set(entryKey(row.recordId, row.eventId), {
      claimed: row.claimed ?? 1,
      claimedAt: row.claimedAt ?? now,
    });
  return {
    claimOf(recordId, eventId, pos) {
      const key = entryKey(recordId, eventId);
      const mark = marks.get(key);
      if (pos >= RELAY_OWN_ORDER) return mark?.claimed === 2 ? mark : undefined;
      if (mark !== undefined) return mark;
      return own || waited.has(key) ? { claimed: 1, claimedAt: now } : undefined;
    },
  };
}

/**
 * The log key of the office relay answering this tablet now, or undefined when the
 * district does (its current log key is the district's) or no district key is known.
 */
export async function relayAnswering(db: PatravaliDb): Promise<string | undefined> {
  const [current, district] = await Promise.all([
    readKv<string>(db, KV_KEYS.logKey),
    readKv<string>(db, KV_KEYS.districtKey),
  ]);
  return district === undefined || current === undefined || current === district
    ? undefined
    : current;
}

/**
 * Within a transaction over outbox, relayAcked and kv: keeps the outbox rows about to
 * be dropped for an acknowledgement when an office relay gave it, until the district's
 * proofs show their events (releaseProven). `entered`: the events the answer gave log
 * entries of (loggedKeys). Every server gives one for each event it takes (protocol 3),
 * where it already had it too; a relay that gives none for an event of a row took the
 * row without entering it in its log, to pass on or to serve: the row is kept
 * `unlogged`, which the sync light's alarm says (droppedAtRelay) until the district has it.
 */
export async function keepRelayAcked(
  db: PatravaliDb,
  rows: readonly OutboxRow[],
  entered: ReadonlySet<string> | null = null,
): Promise<void> {
  if (rows.length === 0) return;
  const by = await relayAnswering(db);
  if (by === undefined) return;
  const dropped = (row: OutboxRow): boolean =>
    entered !== null &&
    eventsInUpdate(row.update).some((e) => !entered.has(entryKey(row.recordId, e.id)));
  await db.relayAcked.bulkPut(
    rows.map((r) => ({ ...r, by, ...(dropped(r) ? { unlogged: 1 as const } : {}) })),
  );
}

/** The events an answer's log entries name (keepRelayAcked), once per answer; null: none given. */
export function loggedKeys(
  logged: readonly LoggedEntries[] | undefined,
): ReadonlySet<string> | null {
  if (logged === undefined) return null;
  return new Set(logged.flatMap((l) => l.entries.map((e) => entryKey(l.recordId, e.eventId))));
}

/**
 * Puts back in the outbox, under their own refs (so in their order), the rows a relay
 * acknowledged that another tier answers now: the district, which may never have had
 * them (a relay that withheld them, or died with them), or another relay (one rebuilt
 * on a fresh data directory). What that tier has already it acknowledges as adding
 * nothing (decision 0015). The scans of their records this tablet uploaded are queued
 * again; uploads go to the tablet's own address, so they reach whichever tier answers
 * there next.
 */
export async function returnRelayAcked(db: PatravaliDb): Promise<void> {
  // Read first, by index: at the relay that acknowledged them nothing is written.
  const now = await readKv<string>(db, KV_KEYS.logKey);
  if (now === undefined || (await db.relayAcked.where('by').notEqual(now).count()) === 0) return;
  await db.transaction('rw', [db.outbox, db.relayAcked, db.scanUploads, db.kv], async () => {
    const current = await readKv<string>(db, KV_KEYS.logKey);
    if (current === undefined) return;
    const away = await db.relayAcked.where('by').notEqual(current).toArray();
    if (away.length === 0) return;
    await db.outbox.bulkPut(away.map(({ by: _, unlogged: __, ...row }) => row));
    await db.relayAcked.bulkDelete(away.map((r) => r.ref as number));
    // Their records' scans attached with that work, which reached that relay, go up again: it
    // may never have passed them on either (the tier that has one already stores it once).
    const since = new Map<string, number>();
    for (const r of away) since.set(r.recordId, Math.min(r.at, since.get(r.recordId) ?? r.at));
    await db.scanUploads
      .where('state')
      .equals('done')
      .filter((u) => u.queuedAt >= (since.get(u.recordId) ?? Number.POSITIVE_INFINITY))
      .modify({ state: 'waiting', sent: 0 });
  });
}

/**
 * Within a transaction: the district refused the record's change later (decision 0013)
 * and the relay reset the record to the district's `state` (with its `entries`). Takes
 * out of `relayAcked` the rows that state lacks and returns their updates, to go into
 * the quarantine with the change; rows whose events the state holds (the district took
 * them before) stay kept until its proofs show them.
 */
export async function takeRelayAckedLacking(
  db: PatravaliDb,
  recordId: RecordId,
  state: Uint8Array,
  entries: readonly { readonly eventId: string }[],
): Promise<Uint8Array[]> {
  const present = new Set([
    ...eventsInUpdate(state).map((e) => e.id as string),
    ...entries.map((e) => e.eventId),
  ]);
  const created = carriesCreation(state);
  const inState = (update: Uint8Array): boolean => {
    const events = eventsInUpdate(update);
    return events.length === 0 ? created : events.every((e) => present.has(e.id));
  };
  const rows = await db.relayAcked.where('recordId').equals(recordId).sortBy('ref');
  const lacking = rows.filter((r) => !inState(r.update));
  await db.relayAcked.bulkDelete(lacking.map((r) => r.ref as number));
  return lacking.map((r) => r.update);
}

/** Whether every event of `change` (one at least) is in `update`. */
export function eventsWithin(change: Uint8Array, update: Uint8Array): boolean {
  const ids = eventsInUpdate(change).map((e) => e.id);
  const there = new Set(eventsInUpdate(update).map((e) => e.id));
  return ids.length > 0 && ids.every((id) => there.has(id));
}

/**
 * Up to `max` records holding claimed entries or rows a relay acknowledged, in record
 * id order after `after` (then from the start), so each is checked in its turn.
 */
export async function claimedRecords(
  db: PatravaliDb,
  max: number,
  after = '',
): Promise<RecordId[]> {
  const rows = await db.logEntries.where('claimed').above(0).toArray();
  const kept = (await db.relayAcked.orderBy('recordId').uniqueKeys()) as string[];
  const all = [...new Set([...rows.map((r) => r.recordId as string), ...kept])].sort();
  // A record no longer on this tablet cannot be checked (its events are needed): not asked.
  const here = await db.records.bulkGet(all as RecordId[]);
  const ids = all.filter((_, i) => here[i] !== undefined);
  const later = ids.filter((id) => id > after);
  return [...later, ...ids.filter((id) => id <= after)].slice(0, max) as RecordId[];
}

/**
 * Checks the claimed entries of `recordId` against the district's proofs (their JSON
 * form, as the relay passed them on): proven ones lose their mark, those a head signed
 * well after their receipt time leaves out are refuted, the rest stay claimed. `absent`:
 * the district answered that it has no such record, so every claim on it is refuted.
 */
export async function judgeRelayClaims(
  db: PatravaliDb,
  recordId: RecordId,
  answer: unknown,
  now = Date.now(),
): Promise<ClaimCheck> {
  if (answer === 'absent') return settleClaims(db, recordId, null, () => true, now);
  const proofs = proofsFromJson(answer);
  if (proofs === null) return { unusable: 'the proofs are out of shape' };
  const key = decodeB64url(await readKv<string>(db, KV_KEYS.districtKey), KEY_CHARS);
  if (key === null || key.length !== LOG_KEY_BYTES)
    return { unusable: 'no district log key on this tablet' };
  const doc = await loadRecordDoc(db, recordId);
  const meta = readMeta(doc);
  const events = readEvents(doc);
  doc.destroy();
  if (!meta.ok) return { unusable: `no record ${recordId} on this tablet` };
  const findings = checkRecordProofs(
    { recordId, meta: meta.value, events },
    proofs,
    key,
    await loadVerifyBytes(),
  );
  const whole = findings.find((f) => f.eventId === '');
  // Another record, or a head the district did not sign: no word on any event.
  if (whole !== undefined) return { unusable: whole.detail };
  const failed = new Set(findings.map((f) => f.eventId));
  const held = new Set<string>([recordId, ...events.map((e) => e.id)]);
  await releaseProven(db, recordId, (id) => held.has(id) && !failed.has(id));
  const leaves = new Map(
    proofs.items.filter((i) => !failed.has(i.eventId)).map((i) => [i.eventId, i.leaf]),
  );
  const inOrder = await keepOrderCheck(db, recordId, leaves);
  return settleClaims(
    db,
    recordId,
    held,
    (row) =>
      !failed.has(row.eventId)
        ? inOrder
          ? false
          : 'order'
        : proofs.head.time > wordOf(row) + CLAIM_SLACK_MS
          ? true
          : undefined,
    now,
  );
}

/**
 * The district logs a record's entries in its order: its log's leaves follow its
 * positions. So the entries the relay gave its word on (claimed), at the district
 * positions it served them at, in their order, must have rising leaves in the
 * district's proofs (`leaves`: proven entries only). Entries of a relay that served
 * them in another order (its own fold of the record is then not the district's) stay
 * claimed, so the record is checked again at each turn, and the record is said on the
 * sync light until a check finds the order right (kv `relayDisordered`, decision 0020
 * amendment 3). Only claimed entries: positions an older relay gave as its own order
 * before amendment 4 of decision 0010 are no word on the district's.
 */
async function keepOrderCheck(
  db: PatravaliDb,
  recordId: RecordId,
  leaves: ReadonlyMap<string, number>,
): Promise<boolean> {
  const entries = await db.logEntries.where('recordId').equals(recordId).sortBy('pos');
  const inOrder = entries
    .filter((e) => e.pos < RELAY_OWN_ORDER && e.claimed !== undefined)
    .map((e) => leaves.get(e.eventId))
    .filter((leaf) => leaf !== undefined)
    .every((leaf, i, all) => i === 0 || (all[i - 1] as number) < leaf);
  await db.transaction('rw', db.kv, async () => {
    const kept = (await readKv<string[]>(db, KV_KEYS.relayDisordered)) ?? [];
    const next = inOrder ? kept.filter((id) => id !== recordId) : [...new Set([...kept, recordId])];
    if (next.length !== kept.length) await writeKv(db, KV_KEYS.relayDisordered, next);
  });
  return inOrder;
}

/** When the relay gave its word on an entry: the earlier of its receipt time and claimedAt. */
const wordOf = (row: LogEntryRow): number =>
  Math.min(row.receivedAt, row.claimedAt ?? row.receivedAt);

/**
 * Drops the rows a relay acknowledged of `recordId` whose events (and the record's
 * creation) the district's proofs show: the district has them, nothing to send again.
 */
async function releaseProven(
  db: PatravaliDb,
  recordId: RecordId,
  proven: (id: string) => boolean,
): Promise<void> {
  if (!proven(recordId)) return;
  await db.transaction('rw', db.relayAcked, async () => {
    const rows = await db.relayAcked.where('recordId').equals(recordId).toArray();
    const done = rows.filter((r) => {
      const events = eventsInUpdate(r.update);
      // A row of neither events nor the creation (a letter's text, one day) is not in the
      // log: it waits for the district's own acknowledgement.
      if (events.length === 0) return carriesCreation(r.update);
      return events.every((e) => proven(e.id));
    });
    await db.relayAcked.bulkDelete(done.map((r) => r.ref as number));
  });
}

/** Whether an update carries a record's creation (its meta). */
export function carriesCreation(update: Uint8Array): boolean {
  let doc;
  try {
    doc = docFromUpdates([update]);
  } catch {
    // Not an update (none: the district holds nothing of the record).
    return false;
  }
  try {
    return readMeta(doc).ok;
  } finally {
    doc.destroy();
  }
}

/**
 * Settles the record's claimed entries: `refuted` says of each whether the district's
 * answer refutes it (true), proves it (false), proves it but not in the order the relay
 * served (`order`: it stays claimed) or says nothing yet (undefined: overdue once its
 * word is CLAIM_SLACK_MS old). Entries of events not `held` here (their update held
 * back) are left as they are; null: every entry is judged (the district has no such
 * record).
 */
async function settleClaims(
  db: PatravaliDb,
  recordId: RecordId,
  held: ReadonlySet<string> | null,
  refuted: (row: LogEntryRow) => boolean | 'order' | undefined,
  now: number,
): Promise<ClaimCheck> {
  return db.transaction('rw', db.logEntries, async () => {
    const rows = await db.logEntries
      .where('recordId')
      .equals(recordId)
      .filter((r) => r.claimed !== undefined)
      .toArray();
    const changed: LogEntryRow[] = [];
    let proven = 0;
    let wrong = 0;
    let overdue = 0;
    for (const row of rows) {
      const judged = held === null || held.has(row.eventId);
      const verdict = judged ? refuted(row) : 'held';
      if (verdict === false) {
        const { claimed: _, ...rest } = row;
        changed.push(rest);
        proven++;
      } else if (verdict === true) {
        if (row.claimed !== 2) changed.push({ ...row, claimed: 2 });
        wrong++;
      } else if (verdict === undefined && row.claimed !== 2 && wordOf(row) + CLAIM_SLACK_MS < now)
        overdue++;
    }
    await db.logEntries.bulkPut(changed);
    return { proven, refuted: wrong, open: rows.length - proven - wrong, overdue };
  });
}
