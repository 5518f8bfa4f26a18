import { asPersonId } from '@domain/ids.ts';
import { hashPassword } from '../auth/password.ts';
import {
  accountIssue,
  keyFingerprint,
  readVouchRecord,
  RELAY_VOUCHES_FILE,
  type VouchGiven,
} from '../auth/relay-vouches.ts';
import type { ServerStorage } from '../storage/types.ts';
import { officeNamed, relayIdOf } from './relay-identity.ts';

/**
 * The administrator's commands for office relays (`npm run admin -- add-relay VKN`,
 * `revoke-relay VKN`, `relays`): issue a relay's key, take it back, and list the
 * relays whose log keys the district vouched for.
 */

export interface RelayAdminIo {
  readonly storage: ServerStorage;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly scryptLogN: number;
  readonly out: (line: string) => void;
  /** The server's data directory, where it keeps relay-vouches.json (`relays`). */
  readonly dataDir?: string;
}

/** 32 random bytes: the relay's password, as long as a session token. */
const KEY_BYTES = 32;

async function relayOf(io: RelayAdminIo, office: string) {
  const directory = await io.storage.loadDirectory();
  const found = directory === null ? undefined : officeNamed(directory, office);
  if (found === undefined) io.out(`no office "${office}" in the directory`);
  return found === undefined ? null : relayIdOf(found.id);
}

/**
 * Issues a new key for the office's relay and prints it once (the server keeps
 * only its hash). A relay that had a key before loses it and its sessions.
 */
export async function addRelay(io: RelayAdminIo, office: string): Promise<number> {
  const id = await relayOf(io, office);
  if (id === null) return 1;
  const key = Buffer.from(io.randomBytes(KEY_BYTES)).toString('base64url');
  const hash = await hashPassword(key, io.scryptLogN, io.randomBytes);
  const ended = await io.storage.revokePersonSessions(id, io.now());
  await io.storage.setCredential({ person: id, hash, source: 'admin' });
  io.out(`relay account ${id}${ended > 0 ? ` (${ended} old session(s) ended)` : ''}`);
  io.out(`relay key (shown once; give it to the relay as PATRAVALI_RELAY_KEY): ${key}`);
  return 0;
}

/**
 * Deletes the relay's key and ends its sessions: its next exchange is refused as
 * revoked. The revocation is recorded first: a relay that finds its session ended
 * (the district running while this runs) is told `accessRevoked`, never only
 * "sign in again", which it would try and be refused without the reason.
 */
export async function revokeRelay(io: RelayAdminIo, office: string): Promise<number> {
  const id = await relayOf(io, office);
  if (id === null) return 1;
  const at = io.now();
  const had = (await io.storage.getCredential(id)) !== null;
  await io.storage.recordAccessRevocation(id, null, at);
  await io.storage.deleteCredential(id);
  const n = await io.storage.revokePersonSessions(id, at);
  io.out(`revoked relay ${id}: key ${had ? 'deleted' : 'was not set'}, ${n} session(s) ended`);
  return had || n > 0 ? 0 : 1;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Lists the relays whose log keys the district vouched for (relay-vouches.json,
 * decision 0017): account, office (with its code), the key's fingerprint, when, and
 * whether the account's key was issued again or revoked since. Reads only: a file it
 * cannot read is said, with exit code 1, and left as it was.
 */
export async function listRelays(io: RelayAdminIo): Promise<number> {
  if (io.dataDir === undefined) {
    io.out('relays needs the data directory');
    return 2;
  }
  let record: Readonly<Record<string, VouchGiven>> | null;
  try {
    record = readVouchRecord(io.dataDir);
  } catch (e) {
    io.out(
      `cannot read ${RELAY_VOUCHES_FILE} in the data directory: ${e instanceof Error ? e.message : String(e)}. Nothing was changed. The district gives no vouch while it cannot read this file: restore it from a backup, or remove it (each relay's key is then vouched for afresh), and restart the district.`,
    );
    return 1;
  }
  const entries = Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    io.out('no relays vouched for');
    return 0;
  }
  const directory = await io.storage.loadDirectory();
  for (const [relay, given] of entries) {
    const office = directory === null ? undefined : officeNamed(directory, given.office);
    const issue = await accountIssue(io, asPersonId(relay));
    const account =
      issue === ''
        ? '\taccount revoked'
        : issue === given.account
          ? ''
          : '\taccount key issued again since';
    io.out(
      `${relay}\toffice ${given.office}${office === undefined ? '' : ` (${office.code})`}\tkey ${keyFingerprint(given.key)}\tvouched ${iso(given.at)}${account}`,
    );
  }
  io.out(`${entries.length} relay(s) vouched for`);
  return 0;
}
