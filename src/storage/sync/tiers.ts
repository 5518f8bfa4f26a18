import { decodeB64url, encodeB64url } from '@doc/signature.ts';
import { LOG_KEY_BYTES, type SignedTreeHead } from '@doc/tree-head.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import type { JoinState } from './sync-port.ts';

/**
 * The tiers this tablet may be answered by under its one origin (decision 0015):
 * an office relay and its district each keep their own Merkle log, cursor space
 * and data generation (decision 0010). The tablet keeps the tier that answered
 * last in the kv keys every other module reads (`logKey`, `logHead`, `cursor`,
 * `join`, `generation`), and each other tier it knows in kv `logTiers`, keyed by
 * its log key (base64url), with what it kept of it when it last answered:
 *
 *   { [logKey]: { head?, generation?, cursor?, join? } }
 *
 * A tier is known only from a sign-in's answer: its own `logKey`, and the
 * `districtLogKey` an office relay names (the district it forwards to). A response
 * whose tree head another known key signed is that tier answering on purpose
 * (the relay is off, or the tablet was carried out of the office): the sync
 * swaps that tier's state in (switchTier) and asks again, instead of the
 * `headSignature` alarm a head signed by an unknown key still raises.
 */

/** base64url characters of a 32-byte key. */
const KEY_CHARS = 43;

type Cursors = Readonly<Record<string, number>>;
type Joins = Readonly<Record<string, JoinState>>;

/** What the tablet keeps of a tier while another one answers. */
export interface TierState {
  readonly head?: SignedTreeHead;
  readonly generation?: number;
  readonly cursor?: number | Cursors;
  readonly join?: Joins;
}

type Tiers = Readonly<Record<string, TierState>>;

const validKey = (key: string | undefined): key is string => {
  const raw = decodeB64url(key, KEY_CHARS);
  return raw !== null && raw.length === LOG_KEY_BYTES;
};

/**
 * Keeps the log keys a sign-in answered with: `key` (the server that answered) and
 * `upstream` (the district an office relay forwards to). The first sign-in's key
 * becomes the current tier's. A later answer is taken only when it names a key
 * kept already (the relay of a known district, or the district of a known relay);
 * a key of its own is then added as the other tier, with nothing kept of it yet.
 * Any other key is not taken: a server that lost its key, or an impostor, still
 * fails the head check. `vouched`: the answer came from the district's own origin
 * an office relay named at sign-in (the fallback, decision 0015); while the tablet
 * knows no other tier, its key is taken as the other one though no key known here
 * named it (a relay that signed the tablet in provisionally names no district key).
 */
export async function keepTierKeys(
  db: PatravaliDb,
  key: string | undefined,
  upstream?: string,
  vouched = false,
  district?: string,
): Promise<void> {
  const named = [key, upstream].filter(validKey);
  if (named.length === 0) return;
  await db.transaction('rw', db.kv, async () => {
    const current = await readKv<string>(db, KV_KEYS.logKey);
    const tiers = (await readKv<Tiers>(db, KV_KEYS.logTiers)) ?? {};
    if (current === undefined) {
      const [first, ...rest] = named as [string, ...string[]];
      await writeKv(db, KV_KEYS.logKey, first);
      const added = rest.filter((k) => k !== first && tiers[k] === undefined);
      if (added.length > 0) await writeKv(db, KV_KEYS.logTiers, { ...tiers, ...emptyTiers(added) });
      await keepDistrictKey(db, { key, upstream, vouched, district }, []);
      return;
    }
    const known = (k: string): boolean => k === current || tiers[k] !== undefined;
    // Vouched only while the tablet knows no other tier: a district whose key changed
    // later is still an alarm.
    const firstOther = vouched && Object.keys(tiers).length === 0;
    if (!firstOther && !named.some(known)) return;
    const added = named.filter((k) => !known(k));
    if (added.length > 0) await writeKv(db, KV_KEYS.logTiers, { ...tiers, ...emptyTiers(added) });
    await keepDistrictKey(db, { key, upstream, vouched, district }, [
      current,
      ...Object.keys(tiers),
    ]);
  });
}

/**
 * Whether a sign-in answer is an office relay's: it names the district's key, is
 * provisional, or names the district's own address. The district's own answer does
 * none of these.
 */
export function answeredByRelay(answer: {
  readonly districtLogKey?: string;
  readonly provisional?: boolean;
  readonly fallback?: string;
}): boolean {
  return (
    answer.districtLogKey !== undefined ||
    answer.provisional === true ||
    answer.fallback !== undefined
  );
}

/**
 * The district's log key a sign-in answer names (decision 0017, amendment 1): an
 * office relay's `districtLogKey`, or the district's own answer's `logKey`; none
 * from a relay that names none (it signed the tablet in provisionally, knowing none).
 */
export function districtKeyOf(answer: {
  readonly logKey?: string;
  readonly districtLogKey?: string;
  readonly provisional?: boolean;
  readonly fallback?: string;
}): string | undefined {
  return answer.districtLogKey ?? (answeredByRelay(answer) ? undefined : answer.logKey);
}

/**
 * Records `district` as the district's log key, the only one whose vouch is taken
 * (vouchSigners): when none is recorded yet, and it is one of the keys this answer
 * named and was kept (a tier now), never one taken on a vouch. The first recorded
 * stays: a later answer naming another district key (a relay's word, or a district
 * that lost its key) does not replace it. Inside keepTierKeys' transaction.
 *
 * A tablet that knew keys before (`before`, a build older than decision 0017's
 * amendment 1) does not know which is the district's, and a relay it knows can answer
 * as anything: an answer that reads as the district's own (no district key named) is
 * one a relay gives by leaving the fields out. So its key is recorded only when the
 * tablet knew no other (or it is new at the fallback, where a tablet that knew only
 * the relay adds the district); a relay's `districtLogKey` only when it is not the
 * relay's own key and was known here already (or the tablet knew only this relay).
 */
async function keepDistrictKey(
  db: PatravaliDb,
  answer: {
    readonly key: string | undefined;
    readonly upstream: string | undefined;
    readonly vouched: boolean;
    readonly district: string | undefined;
  },
  before: readonly string[],
): Promise<void> {
  const { key, upstream, vouched, district } = answer;
  if (!validKey(district) || (district !== key && district !== upstream)) return;
  const onlyThis = before.every((k) => k === key);
  const told =
    district === upstream
      ? district !== key && (onlyThis || before.includes(district))
      : onlyThis || (vouched && !before.includes(district));
  if (!told) return;
  if ((await readKv<string>(db, KV_KEYS.districtKey)) !== undefined) return;
  const vouchedKeys = (await readKv<string[]>(db, KV_KEYS.vouchedKeys)) ?? [];
  if (vouchedKeys.includes(district)) return;
  await writeKv(db, KV_KEYS.districtKey, district);
}

const emptyTiers = (keys: readonly string[]): Tiers => Object.fromEntries(keys.map((k) => [k, {}]));

/**
 * Keeps `key` as another tier, nothing kept of it yet: an office relay this tablet
 * never signed in at, which the district (a key kept here) vouched for (decision
 * 0017; the sync checked the vouch). A key known already changes nothing. The key
 * is noted as vouched for: it never vouches for another (vouchSigners).
 */
export async function keepVouchedTier(db: PatravaliDb, key: Uint8Array): Promise<void> {
  const next = encodeB64url(key);
  await db.transaction('rw', db.kv, async () => {
    const tiers = (await readKv<Tiers>(db, KV_KEYS.logTiers)) ?? {};
    const current = await readKv<string>(db, KV_KEYS.logKey);
    if (current === undefined || current === next || tiers[next] !== undefined) return;
    await writeKv(db, KV_KEYS.logTiers, { ...tiers, ...emptyTiers([next]) });
    const vouched = (await readKv<string[]>(db, KV_KEYS.vouchedKeys)) ?? [];
    if (!vouched.includes(next)) await writeKv(db, KV_KEYS.vouchedKeys, [...vouched, next]);
  });
}

/**
 * The log keys whose vouch this tablet takes (decision 0017): the district's, once a
 * sign-in told which key that is (keepDistrictKey). A tablet that knows keys from
 * before it recorded the district's (a build older than amendment 1) takes, until
 * its next sign-in records it, a vouch from any key a sign-in named, current or
 * another tier's, never one it took on a vouch itself, as before.
 */
export async function vouchSigners(db: PatravaliDb): Promise<readonly Uint8Array[]> {
  const [current, tiers, vouched, district] = await Promise.all([
    readKv<string>(db, KV_KEYS.logKey),
    readKv<Tiers>(db, KV_KEYS.logTiers),
    readKv<string[]>(db, KV_KEYS.vouchedKeys),
    readKv<string>(db, KV_KEYS.districtKey),
  ]);
  const keys =
    district === undefined
      ? [current, ...Object.keys(tiers ?? {})].filter((k) => !(vouched ?? []).includes(k ?? ''))
      : [district];
  const out: Uint8Array[] = [];
  for (const k of keys) {
    const raw = decodeB64url(k, KEY_CHARS);
    if (raw !== null && raw.length === LOG_KEY_BYTES) out.push(raw);
  }
  return out;
}

/** The log keys of the tiers known here besides the current one (raw Ed25519). */
export async function otherTierKeys(db: PatravaliDb): Promise<readonly Uint8Array[]> {
  const tiers = (await readKv<Tiers>(db, KV_KEYS.logTiers)) ?? {};
  const out: Uint8Array[] = [];
  for (const k of Object.keys(tiers)) {
    const raw = decodeB64url(k, KEY_CHARS);
    if (raw !== null && raw.length === LOG_KEY_BYTES) out.push(raw);
  }
  return out;
}

/**
 * The tier of log key `key` answered: what the tablet kept of the current tier
 * goes to `logTiers` under its key, and what it kept of `key`'s tier (nothing,
 * the first time: cursor 0, no head, no generation) becomes current. One
 * transaction: records, outbox and quarantine are not touched; the records are
 * the same records at both tiers, and what the new tier sends again merges as
 * a no-op. A key not known here changes nothing.
 */
export async function switchTier(db: PatravaliDb, key: Uint8Array, at: number): Promise<void> {
  const next = encodeB64url(key);
  await db.transaction('rw', db.kv, async () => {
    const tiers = (await readKv<Tiers>(db, KV_KEYS.logTiers)) ?? {};
    const current = await readKv<string>(db, KV_KEYS.logKey);
    const incoming = tiers[next];
    if (incoming === undefined || current === undefined || current === next) return;
    const [head, generation, cursor, join] = await Promise.all([
      readKv<SignedTreeHead>(db, KV_KEYS.logHead),
      readKv<number>(db, KV_KEYS.generation),
      readKv<number | Cursors>(db, KV_KEYS.cursor),
      readKv<Joins>(db, KV_KEYS.join),
    ]);
    const kept: TierState = {
      ...(head === undefined ? {} : { head }),
      ...(generation === undefined ? {} : { generation }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(join === undefined ? {} : { join }),
    };
    const { [next]: _taken, ...rest } = tiers;
    await writeKv(db, KV_KEYS.logTiers, { ...rest, [current]: kept });
    await writeKv(db, KV_KEYS.logKey, next);
    await put(db, KV_KEYS.logHead, incoming.head);
    await put(db, KV_KEYS.generation, incoming.generation);
    await put(db, KV_KEYS.cursor, incoming.cursor);
    await put(db, KV_KEYS.join, incoming.join);
    await writeKv(db, KV_KEYS.tierSwitchedAt, at);
  });
}

/**
 * How long after a change of tier a change refused `missingDependencies` waits in
 * the outbox instead of joining the refused changes: it builds on work the other
 * tier took and has not passed on yet, which arrives once the WAN is back (an
 * outage in the hills lasts hours or days). Past this, the refusal is taken as
 * one (the relay may have set its copy back, decision 0013, and never get it).
 */
export const TIER_WAIT_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether this tablet changed tier within TIER_WAIT_MS of `now`. */
export async function waitsForTier(db: PatravaliDb, now: number): Promise<boolean> {
  const at = await readKv<number>(db, KV_KEYS.tierSwitchedAt);
  return typeof at === 'number' && now - at < TIER_WAIT_MS;
}

async function put(db: PatravaliDb, key: string, value: unknown): Promise<void> {
  if (value === undefined) await db.kv.delete(key);
  else await writeKv(db, key, value);
}

/**
 * The tablet's records were wiped (a new data generation, a revoked person's
 * unreadable records): the other tiers' cursors and joins go too, as the
 * current one's do, so each pulls its scope again from 0. Their keys, heads and
 * generations stay (the logs only grow). Inside the caller's transaction on kv.
 */
export async function forgetTierCursors(db: PatravaliDb): Promise<void> {
  const tiers = await readKv<Tiers>(db, KV_KEYS.logTiers);
  if (tiers === undefined) return;
  const kept = Object.fromEntries(
    Object.entries(tiers).map(([k, { head, generation }]) => [
      k,
      {
        ...(head === undefined ? {} : { head }),
        ...(generation === undefined ? {} : { generation }),
      },
    ]),
  );
  await writeKv(db, KV_KEYS.logTiers, kept);
}

const ORIGIN = /^https?:\/\/[^/\s]+$/;

/**
 * Keeps the fallback an office relay's sign-in answer gives (`fallback`, the
 * district's own origin: decision 0015), or forgets it when a relay's answer
 * gives none (its setting was taken away). A district's answer changes nothing.
 */
export async function keepSyncFallback(
  db: PatravaliDb,
  answer: {
    readonly districtLogKey?: string;
    readonly provisional?: boolean;
    readonly fallback?: string;
  },
): Promise<void> {
  const fromRelay = answer.districtLogKey !== undefined || answer.provisional === true;
  if (!fromRelay) return;
  const fallback = answer.fallback;
  if (typeof fallback === 'string' && ORIGIN.test(fallback))
    await writeKv(db, KV_KEYS.syncFallback, fallback);
  else await db.kv.delete(KV_KEYS.syncFallback);
}

/** The origin to sync with while this tablet's own address does not answer, or null. */
export async function syncFallback(db: PatravaliDb): Promise<string | null> {
  const kept = await readKv<string>(db, KV_KEYS.syncFallback);
  return typeof kept === 'string' && ORIGIN.test(kept) ? kept : null;
}

/**
 * A miss of this tablet's own address older than this is forgotten: two misses a
 * night apart (the tablet leaving the office's Wi-Fi, then coming back to it) are
 * not two in a row.
 */
export const MISS_WINDOW_MS = 10 * 60_000;

interface Misses {
  readonly n: number;
  readonly at: number;
}

/**
 * Counts the syncs in a row this tablet's own address did not answer: a miss (`at`,
 * device ms) adds one to the misses of the last MISS_WINDOW_MS, an answer (`at`
 * null) forgets them. Returns the count. Kept in kv, so a reload (or a new engine)
 * goes on counting (see SyncPort.ownAddressMissed).
 */
export async function ownAddressMissed(db: PatravaliDb, at: number | null): Promise<number> {
  return db.transaction('rw', db.kv, async () => {
    const kept = await readKv<Misses>(db, KV_KEYS.ownAddressMisses);
    if (at === null) {
      if (kept !== undefined) await db.kv.delete(KV_KEYS.ownAddressMisses);
      return 0;
    }
    const recent =
      kept !== undefined &&
      Number.isSafeInteger(kept.n) &&
      kept.n > 0 &&
      at - kept.at >= 0 &&
      at - kept.at <= MISS_WINDOW_MS;
    const n = recent ? kept.n + 1 : 1;
    await writeKv(db, KV_KEYS.ownAddressMisses, { n, at });
    return n;
  });
}

/**
 * When this tablet's own address was last answered by another office's relay
 * (SyncPort.otherOfficeRelay, decision 0017 amendment 2), or null; anything else
 * stored there reads as null.
 */
export async function otherOfficeRelay(db: PatravaliDb): Promise<number | null> {
  const at = await readKv<unknown>(db, KV_KEYS.otherOfficeRelay);
  return typeof at === 'number' && Number.isSafeInteger(at) ? at : null;
}

/** Keeps (`at`) or forgets (null) what otherOfficeRelay reads. */
export async function keepOtherOfficeRelay(db: PatravaliDb, at: number | null): Promise<void> {
  if (at === null) await db.kv.delete(KV_KEYS.otherOfficeRelay);
  else await writeKv(db, KV_KEYS.otherOfficeRelay, at);
}
