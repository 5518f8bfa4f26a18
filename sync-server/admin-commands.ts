import { findPerson } from '@domain/directory.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { openBlobDir } from './attachments/blob-dir.ts';
import { referencedScans, sweepScans, type SweepLimits } from './attachments/scan-sweep.ts';
import { hashPassword } from './auth/password.ts';
import { hashToken } from './auth/tokens.ts';
import { checkRecords, repairRecord } from './admin-records.ts';
import { addRelay, listRelays, revokeRelay, type RelayAdminIo } from './relay/relay-admin.ts';

/** The administrator's commands (`npm run admin -- <command>`), with I/O injected for tests. */

export interface AdminIo extends RelayAdminIo {
  /** Reads a secret (a password) from stdin. */
  readonly readSecret: () => Promise<string>;
  /** Where the server keeps scans, and how long it keeps unneeded ones (collect-scans). */
  readonly scans?: { readonly dataDir: string; readonly limits: SweepLimits };
}

export const ADMIN_USAGE = `usage: npm run admin -- <command>
  list-sessions              live sessions: person, device, token hash prefix, expiry
  revoke <username>          end every session of this person and revoke their signing keys
  revoke-device <username> <device-id>
                             end the person's sessions on that device and revoke its signing key
  revoke-token <hash|token>  end one session (hash prefix from list-sessions, or the token)
  set-password <username>    read a new password from stdin; ends the person's sessions
  hash-password              read a password from stdin, print a hash for the directory file
  collect-scans              remove abandoned uploads and scans no record lists (the server
                             also does this every six hours)
  check-records              list records whose stored rows are damaged, and whether each can
                             be rebuilt
  repair-record <record-id>  rebuild a damaged record from its sound rows, or quarantine it
  add-relay <office>         issue a key for the office's relay (office id or code, e.g. VKN);
                             printed once
  revoke-relay <office>      delete the office relay's key and end its sessions
  relays                     the office relays whose log keys the district vouched for:
                             account, office, key fingerprint, when`;

const MIN_PASSWORD = 8;
const iso = (ms: number): string => new Date(ms).toISOString();

async function listSessions(io: AdminIo): Promise<number> {
  const sessions = await io.storage.listLiveSessions(io.now());
  for (const s of sessions) {
    io.out(
      `${s.person}\t${s.deviceId}\t${s.tokenHash.slice(0, 12)}\tsince ${iso(s.createdAt)}\tuntil ${iso(s.expiresAt)}`,
    );
  }
  io.out(`${sessions.length} live session(s)`);
  return 0;
}

async function revokePerson(io: AdminIo, username: string): Promise<number> {
  const at = io.now();
  // Their tablets hear it at their next sync (accessRevoked) and wipe their data. Recorded
  // first: a tablet that finds its session ended (the server serving while this runs) is
  // told so, never only "sign in again".
  await io.storage.recordAccessRevocation(asPersonId(username), null, at);
  const n = await io.storage.revokePersonSessions(asPersonId(username), at);
  // Without their keys, changes attested on their devices but not yet pushed are refused too.
  const keys = await io.storage.deleteAuthorKeys(asPersonId(username));
  // What their keys signed before now stays valid; nothing new signed with them is taken.
  const signing = await io.storage.revokeDeviceKeys(asPersonId(username), null, at);
  io.out(
    `revoked ${n} session(s), ${signing} signing key(s) and ${keys} author key(s) of ${username}`,
  );
  return 0;
}

async function revokeDevice(io: AdminIo, username: string, device: string): Promise<number> {
  const person = asPersonId(username);
  const at = io.now();
  const sessions = (await io.storage.listLiveSessions(at)).filter(
    (s) => s.person === person && s.deviceId === device,
  );
  // Recorded before a session ends, as for revoke; with no session, only if a key was.
  if (sessions.length > 0) await io.storage.recordAccessRevocation(person, asDeviceId(device), at);
  for (const s of sessions) await io.storage.revokeSession(s.tokenHash, at);
  const keys = await io.storage.revokeDeviceKeys(person, asDeviceId(device), at);
  if (sessions.length === 0 && keys > 0)
    await io.storage.recordAccessRevocation(person, asDeviceId(device), at);
  io.out(
    `revoked ${sessions.length} session(s) and ${keys} signing key(s) of ${username} on ${device}`,
  );
  return sessions.length + keys > 0 ? 0 : 1;
}

async function revokeToken(io: AdminIo, arg: string): Promise<number> {
  const live = await io.storage.listLiveSessions(io.now());
  const byPrefix = /^[0-9a-f]{8,64}$/.test(arg)
    ? live.filter((s) => s.tokenHash.startsWith(arg))
    : [];
  if (byPrefix.length > 1) {
    io.out(`"${arg}" matches ${byPrefix.length} sessions; give more of the hash`);
    return 1;
  }
  const tokenHash = byPrefix[0]?.tokenHash ?? hashToken(arg);
  const revoked = await io.storage.revokeSession(tokenHash, io.now());
  io.out(revoked ? `revoked session ${tokenHash.slice(0, 12)}` : 'no live session matches');
  return revoked ? 0 : 1;
}

async function readNewPassword(io: AdminIo): Promise<string | null> {
  const password = (await io.readSecret()).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD) {
    io.out(`the password must have at least ${MIN_PASSWORD} characters`);
    return null;
  }
  return password;
}

async function setPassword(io: AdminIo, username: string): Promise<number> {
  const directory = await io.storage.loadDirectory();
  const person = directory === null ? undefined : findPerson(directory, asPersonId(username));
  if (person === undefined) {
    io.out(`no person "${username}" in the directory`);
    return 1;
  }
  const password = await readNewPassword(io);
  if (password === null) return 1;
  const hash = await hashPassword(password, io.scryptLogN, io.randomBytes);
  await io.storage.setCredential({ person: person.id, hash, source: 'admin' });
  const n = await io.storage.revokePersonSessions(person.id, io.now());
  io.out(`password set for ${username}; ${n} session(s) ended`);
  return 0;
}

async function printHash(io: AdminIo): Promise<number> {
  const password = await readNewPassword(io);
  if (password === null) return 1;
  io.out(await hashPassword(password, io.scryptLogN, io.randomBytes));
  return 0;
}

async function collectScans(io: AdminIo): Promise<number> {
  if (io.scans === undefined) {
    io.out('collect-scans needs the data directory');
    return 2;
  }
  const dir = await openBlobDir(io.scans.dataDir);
  const result = await sweepScans(
    dir,
    () => referencedScans(io.storage),
    io.now(),
    io.scans.limits,
  );
  const mb = (result.bytesFreed / 1e6).toFixed(1);
  io.out(
    `removed ${result.uploadsRemoved} abandoned upload(s) and ${result.scansRemoved} scan(s) no record lists; ${mb} MB freed`,
  );
  return 0;
}

/** Runs one command; returns the process exit code. */
export async function runAdmin(args: readonly string[], io: AdminIo): Promise<number> {
  const [command, arg, second] = args;
  if (command === 'revoke-device' && arg && second) return revokeDevice(io, arg, second);
  if (command === 'list-sessions') return listSessions(io);
  if (command === 'hash-password') return printHash(io);
  if (command === 'collect-scans') return collectScans(io);
  if (command === 'check-records') return checkRecords(io);
  if (command === 'relays') return listRelays(io);
  if (arg !== undefined && arg !== '') {
    if (command === 'revoke') return revokePerson(io, arg);
    if (command === 'revoke-token') return revokeToken(io, arg);
    if (command === 'set-password') return setPassword(io, arg);
    if (command === 'repair-record') return repairRecord(io, arg);
    if (command === 'add-relay') return addRelay(io, arg);
    if (command === 'revoke-relay') return revokeRelay(io, arg);
  }
  io.out(ADMIN_USAGE);
  return 2;
}
