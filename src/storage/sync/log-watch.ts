import { decodeB64url } from '@doc/signature.ts';
import { LOG_KEY_BYTES, type SignedTreeHead } from '@doc/tree-head.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import type { LogWatch } from './sync-port.ts';
import { keepTierKeys, otherTierKeys } from './tiers.ts';

/**
 * What this device keeps of the server's Merkle log, in kv:
 * - `logKey`   the log key (base64url raw Ed25519) of the tier that answered
 *              last: the first sign-in's, or another tier a sign-in named
 *              (tiers.ts); a later key not named so is not taken (a server that
 *              lost its key, or an impostor, then fails the check);
 * - `logHead`  the last tree head it verified ({ size, root, time, sig });
 * - `logAlarm` the latest failed check ({ alarm, at }), kept for the record.
 * Record data wipes (a new data generation) keep all three: the log only grows.
 */

/** base64url characters of a 32-byte key. */
const KEY_CHARS = 43;

/**
 * Keeps the log key a sign-in answered with, and the district's an office relay
 * names (`upstream`): the tiers this tablet may sync with (tiers.ts). `vouched`:
 * the answer came from the fallback origin the relay named. `district`: which of
 * them is the district's (tiers.ts districtKeyOf), recorded the first time.
 */
export async function keepLogKey(
  db: PatravaliDb,
  key: string | undefined,
  upstream?: string,
  vouched = false,
  district?: string,
): Promise<void> {
  await keepTierKeys(db, key, upstream, vouched, district);
}

export async function readLogWatch(db: PatravaliDb): Promise<LogWatch> {
  const key = decodeB64url(await readKv<string>(db, KV_KEYS.logKey), KEY_CHARS);
  const head = (await readKv<SignedTreeHead>(db, KV_KEYS.logHead)) ?? null;
  return {
    key: key?.length === LOG_KEY_BYTES ? key : null,
    head,
    others: await otherTierKeys(db),
  };
}

export const keepTreeHead = (db: PatravaliDb, head: SignedTreeHead): Promise<void> =>
  writeKv(db, KV_KEYS.logHead, {
    size: head.size,
    root: Uint8Array.from(head.root),
    time: head.time,
    sig: Uint8Array.from(head.sig),
  });

export const raiseLogAlarm = (db: PatravaliDb, alarm: string, at: number): Promise<void> =>
  writeKv(db, KV_KEYS.logAlarm, { alarm, at });

/** The latest log alarm recorded on this device, or null. */
export async function lastLogAlarm(
  db: PatravaliDb,
): Promise<{ readonly alarm: string; readonly at: number } | null> {
  return (await readKv<{ alarm: string; at: number }>(db, KV_KEYS.logAlarm)) ?? null;
}
