import { readEvents, readMeta } from '@doc/record-doc.ts';
import { checkRecordProofs, proofsFromJson } from '@doc/record-proofs.ts';
import { decodeB64url } from '@doc/signature.ts';
import { LOG_KEY_BYTES } from '@doc/tree-head.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';
import type { RecordId } from '@domain/ids.ts';
import { KV_KEYS, readKv, type LogEntryRow, type PatravaliDb } from '../db/db.ts';
import { loadRecordDoc, type RelayWord } from '../db/record-store.ts';
import type { ClaimCheck } from './sync-port.ts';

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
 * signed more than CLAIM_SLACK_MS after the time the relay gave for the district's
 * receipt, is refuted (`claimed` 2): the relay said the district had it when it did
 * not. The sync light says so (queries.ts refutedRelayClaims) until proofs show it after all.
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
 * position is claimed when it waited at the relay before or was claimed already (its
 * mark kept), and every entry of `own` acknowledged pushes.
 */
export async function relayWord(db: PatravaliDb, own: boolean): Promise<RelayWord | undefined> {
  const [current, district] = await Promise.all([
    readKv<string>(db, KV_KEYS.logKey),
    readKv<string>(db, KV_KEYS.districtKey),
  ]);
  if (district === undefined || current === undefined || current === district) return undefined;
  const marks = new Map<string, 1 | 2>();
  const waited = await db.logEntries.where('atRelay').equals(1).primaryKeys();
  for (const key of waited) {
    const [recordId, eventId] = key as unknown as [string, string];
    marks.set(entryKey(recordId, eventId), 1);
  }
  for (const row of await db.logEntries.where('claimed').above(0).toArray())
    marks.set(entryKey(row.recordId, row.eventId), row.claimed ?? 1);
  return { claimOf: (r, e) => marks.get(entryKey(r, e)) ?? (own ? 1 : undefined) };
}

/**
 * Up to `max` records holding claimed entries, in record id order after `after`
 * (then from the start), so each is checked in its turn.
 */
export async function claimedRecords(
  db: PatravaliDb,
  max: number,
  after = '',
): Promise<RecordId[]> {
  const rows = await db.logEntries.where('claimed').above(0).toArray();
  const ids = [...new Set(rows.map((r) => r.recordId))].sort();
  const later = ids.filter((id) => id > after);
  return [...later, ...ids.filter((id) => id <= after)].slice(0, max);
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
): Promise<ClaimCheck> {
  if (answer === 'absent') return settleClaims(db, recordId, null, () => true);
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
  return settleClaims(db, recordId, held, (row) =>
    !failed.has(row.eventId)
      ? false
      : proofs.head.time > row.receivedAt + CLAIM_SLACK_MS
        ? true
        : undefined,
  );
}

/**
 * Settles the record's claimed entries: `refuted` says of each whether the district's
 * answer refutes it (true), proves it (false) or says nothing yet (undefined). Entries
 * of events not `held` here (their update held back) are left as they are; null: every
 * entry is judged (the district has no such record).
 */
async function settleClaims(
  db: PatravaliDb,
  recordId: RecordId,
  held: ReadonlySet<string> | null,
  refuted: (row: LogEntryRow) => boolean | undefined,
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
    for (const row of rows) {
      const verdict = held === null || held.has(row.eventId) ? refuted(row) : undefined;
      if (verdict === false) {
        const { claimed: _, ...rest } = row;
        changed.push(rest);
        proven++;
      } else if (verdict === true) {
        if (row.claimed !== 2) changed.push({ ...row, claimed: 2 });
        wrong++;
      }
    }
    await db.logEntries.bulkPut(changed);
    return { proven, refuted: wrong, open: rows.length - proven - wrong };
  });
}
