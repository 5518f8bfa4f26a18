import { hashPassword } from '../auth/password.ts';
import type { ServerStorage } from '../storage/types.ts';
import { officeNamed, relayIdOf } from './relay-identity.ts';

/**
 * The administrator's commands for office relays (`npm run admin -- add-relay VKN`,
 * `revoke-relay VKN`): issue a relay's key, and take it back.
 */

export interface RelayAdminIo {
  readonly storage: ServerStorage;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly scryptLogN: number;
  readonly out: (line: string) => void;
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

/** Deletes the relay's key and ends its sessions: its next exchange is refused as revoked. */
export async function revokeRelay(io: RelayAdminIo, office: string): Promise<number> {
  const id = await relayOf(io, office);
  if (id === null) return 1;
  const at = io.now();
  const had = (await io.storage.getCredential(id)) !== null;
  await io.storage.deleteCredential(id);
  const n = await io.storage.revokePersonSessions(id, at);
  await io.storage.recordAccessRevocation(id, null, at);
  io.out(`revoked relay ${id}: key ${had ? 'deleted' : 'was not set'}, ${n} session(s) ended`);
  return had || n > 0 ? 0 : 1;
}
