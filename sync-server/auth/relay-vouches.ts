import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logKeyOf, type RelayKeyVouch } from '@doc/relay-vouch.ts';
import type { PersonId } from '@domain/ids.ts';
import { keptJson, type KeptJson } from '../relay/relay-state.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { LogSigner } from './log-key.ts';

/**
 * The vouches the district gave its office relays (decision 0017, amendment 1):
 * which relay account, which log key, when, kept in `<dataDir>/relay-vouches.json`
 * and said in the district's log. A relay's log key changes only when its box is
 * rebuilt (a fresh data directory), and then the administrator issues the relay's
 * account a new key (`add-relay`): an account that asks for a second, different log
 * key while its account key is the one it had at the first vouch is refused and the
 * warning logged (a stolen account key gets no vouch for a key of its own once the
 * relay has its one). Once the account key was issued again, the new log key is
 * vouched for in place of the old one, logged as a warning too. The record is
 * written before the vouch is given: a vouch the district cannot record is not given.
 */

export const RELAY_VOUCHES_FILE = 'relay-vouches.json';

/** A vouch given, per relay account. */
export interface VouchGiven {
  readonly office: string;
  /** The relay's log key (base64url). */
  readonly key: string;
  /** District time of the first vouch for this key. */
  readonly at: number;
  /** Which issue of the relay account's key asked (a digest of its stored hash). */
  readonly account: string;
}

export type VouchAnswer = RelayKeyVouch | { readonly refused: string };

export interface RelayVouches {
  /** The vouch for `key`, for relay account `relay` of `office`, or why not. */
  vouch(relay: PersonId, office: string, key: string): Promise<VouchAnswer>;
  /** What was given, by relay account. */
  given(): Readonly<Record<string, VouchGiven>>;
}

export interface RelayVouchesDeps {
  readonly dataDir: string;
  readonly signer: Pick<LogSigner, 'vouchRelay'>;
  readonly storage: Pick<ServerStorage, 'getCredential'>;
  readonly now: () => number;
  readonly log: (line: string) => void;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A digest of the relay account's stored key hash: a new one at each `add-relay`. */
export async function accountIssue(
  deps: Pick<RelayVouchesDeps, 'storage'>,
  relay: PersonId,
): Promise<string> {
  const credential = await deps.storage.getCredential(relay);
  if (credential === null) return '';
  return createHash('sha256').update(credential.hash).digest('base64url').slice(0, 16);
}

/** Reads `<dataDir>/relay-vouches.json`: what was given. */
export function readRelayVouches(dataDir: string): Readonly<Record<string, VouchGiven>> {
  return keptJson<Record<string, VouchGiven>>(dataDir, RELAY_VOUCHES_FILE, {}).get();
}

/** The latest time a Date can hold (ms since the epoch): `at` past it has no date to print. */
const MAX_DATE_MS = 8.64e15;

/** An entry as the district writes it: a 32-byte key (base64url), `at` a time a Date can hold. */
const isVouchGiven = (v: unknown): v is VouchGiven => {
  const g = v as Partial<VouchGiven> | null;
  return (
    typeof g === 'object' &&
    g !== null &&
    typeof g.office === 'string' &&
    logKeyOf(g.key) !== null &&
    Number.isSafeInteger(g.at) &&
    Math.abs(g.at ?? 0) <= MAX_DATE_MS &&
    typeof g.account === 'string'
  );
};

/**
 * `<dataDir>/relay-vouches.json` for the administrator's listing (`admin relays`),
 * checked entry by entry and only read: null when there is no file (no vouch given
 * yet); throws, saying what is wrong, for a file that is not such a record.
 */
export function readVouchRecord(dataDir: string): Readonly<Record<string, VouchGiven>> | null {
  const path = join(dataDir, RELAY_VOUCHES_FILE);
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('it is not a record of relay accounts');
  for (const [relay, given] of Object.entries(parsed))
    if (!isVouchGiven(given))
      throw new Error(
        `the entry of ${relay} is not a vouch (office, a 32-byte log key, the time, account)`,
      );
  return parsed as Record<string, VouchGiven>;
}

/** A relay log key's fingerprint for people: the first 64 bits of its SHA-256, in fours. */
export function keyFingerprint(key: string): string {
  const digest = createHash('sha256').update(Buffer.from(key, 'base64url')).digest('hex');
  return digest.slice(0, 16).replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The record, or null when the file cannot be read (a broken disk, a hand edit): the
 * district still starts, and refuses every vouch, saying why, rather than take the
 * record as empty (which would vouch for a stolen account's key of its own).
 */
function openKept(dataDir: string): KeptJson<Record<string, VouchGiven>> | null {
  try {
    const kept = keptJson<Record<string, VouchGiven>>(dataDir, RELAY_VOUCHES_FILE, {});
    const value: unknown = kept.get();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? kept : null;
  } catch {
    return null;
  }
}

const UNREADABLE = `the district cannot read its record of the vouches it gave (${RELAY_VOUCHES_FILE} in its data directory); it gives none until the administrator restores or removes that file and restarts it`;

export function openRelayVouches(deps: RelayVouchesDeps): RelayVouches {
  const opened = openKept(deps.dataDir);
  if (opened === null) {
    deps.log(`district: ERROR ${UNREADABLE}`);
    return {
      given: () => ({}),
      vouch: (relay) => {
        deps.log(`district: refused a vouch to relay account ${relay}: ${UNREADABLE}`);
        return Promise.resolve({ refused: UNREADABLE });
      },
    };
  }
  const kept = opened;
  // One at a time: two asks of one account for two keys cannot both be the first.
  let queue: Promise<unknown> = Promise.resolve();

  async function vouch(relay: PersonId, office: string, key: string): Promise<VouchAnswer> {
    const at = deps.now();
    const account = await accountIssue(deps, relay);
    const prior = kept.get()[relay];
    if (prior !== undefined && prior.key !== key && prior.account === account) {
      deps.log(
        `district: WARNING relay account ${relay} asked for a vouch for a second log key ${key}; refused: its key ${prior.key} was vouched for at ${iso(prior.at)} (a relay's key changes only when its box is rebuilt: then issue it a new account key, add-relay)`,
      );
      return {
        refused: `this relay's log key ${prior.key} was vouched for at ${iso(prior.at)}; a new one is vouched for once the administrator has issued the relay a new account key (add-relay)`,
      };
    }
    if (prior?.key === key && prior.account === account) {
      deps.log(
        `district: vouched again for relay account ${relay} (office ${office}): log key ${key}, first at ${iso(prior.at)}`,
      );
      return deps.signer.vouchRelay(office, key, at);
    }
    // Recorded before it is given: a vouch the district could not record is not given.
    await kept.change((all) => ({ ...all, [relay]: { office, key, at, account } }));
    deps.log(
      prior === undefined
        ? `district: vouched for relay account ${relay} (office ${office}): log key ${key}`
        : prior.key === key
          ? `district: vouched for relay account ${relay} (office ${office}) with its account key issued again: log key ${key}`
          : `district: WARNING relay account ${relay} (office ${office}), its account key issued again, has a new log key ${key}: vouched for in place of ${prior.key} (vouched for at ${iso(prior.at)}); tablets that took the old one keep it`,
    );
    return deps.signer.vouchRelay(office, key, at);
  }

  return {
    given: () => kept.get(),
    vouch(relay, office, key) {
      const next = queue.then(() => vouch(relay, office, key));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
