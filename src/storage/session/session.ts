import { replacesDirectory, type Directory, type Person } from '@domain/directory.ts';
import { asDeviceId, type DeviceId } from '@domain/ids.ts';
import { encodeAuthorKey, openRememberedAuthorKey } from './author-key.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import { notePullAgain } from '../sync/pull-again.ts';
import { openRememberedSessionToken } from './session-token.ts';
import { storedSigningKey, unlockSigningKey, type Signer } from './signing-key.ts';

/**
 * Who is signed in on this device, and how people may sign in offline.
 *
 * What is stored where:
 * - kv `session`      the current StoredSession (token, person, author key, the
 *                     unwrapped non-extractable signing key). Deleted
 *                     on sign-out, so nothing readable remains of it.
 * - kv `directory`    the last directory the server served (read-only copy): given at
 *                     sign-in, and taken again at syncs as it changes (kept-directory.ts).
 * - kv `deviceId`     this device's UUID, chosen once; kv `deviceNumber` from the server.
 * - table `accounts`  per username: a PBKDF2-SHA-256 verifier (salt, iterations,
 *                     derived bits) and the Person, written after an online sign-in
 *                     so the same person can later sign in here without a network,
 *                     and their author key and last token sealed with the password
 *                     (author-key.ts, session-token.ts).
 *                     The password itself is never stored.
 */

export interface StoredSession {
  /**
   * Bearer token. After an offline sign-in: the person's last online token on
   * this device (session-token.ts), or empty if none was kept.
   */
  readonly token: string;
  readonly expiresAt: number;
  readonly person: Person;
  readonly deviceNumber: number;
  /** False after an offline sign-in. */
  readonly online: boolean;
  /**
   * Signed in at an office relay that checked the password itself while the
   * district could not be reached (decision 0011): the session works at that relay
   * only. Dropped once a sync learns that the district registered the session's
   * signing key (confirmProvisionalSession).
   */
  readonly provisional?: true;
  /**
   * The session was provisional and the district has since confirmed its signing
   * key: its token is still the relay's, valid at that relay only (decision 0015),
   * so a refusal elsewhere is told as a provisional session's.
   */
  readonly relayToken?: true;
  /**
   * The person's author key on this device (base64url), used to attest their
   * changes (author-key.ts); absent when none was issued or remembered.
   */
  readonly authorKey?: string;
  /**
   * The person's unwrapped, non-extractable signing key (signing-key.ts);
   * absent when they have none on this device (a session from an older build).
   */
  readonly signer?: Signer;
  /**
   * Started by a build that makes device keys and keeps the server's log key;
   * absent on older builds' sessions (session-upgrade.ts asks those to sign in again).
   */
  readonly keyAware?: true;
}

/** OWASP-style floor is 100k for PBKDF2-SHA-256; cheap tablets must still sign in in ~1 s. */
export const PBKDF2_ITERATIONS = 210_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

/**
 * Starts `session`. A sign-in's `directory` is kept unless the held one is of its
 * district at a higher version (a lagging office relay or district instance can sign
 * in with an older one than a sync took); another district's replaces it whatever
 * its version (domain/directory.ts replacesDirectory). With it, the session's person and those remembered for offline
 * sign-in take their entries in the directory kept (followDirectory), so a shared
 * tablet's other accounts are as current as the directory it holds. The held one's
 * ETag (kept-directory.ts) stays while the directory is the same, so the next
 * GET /api/directory answers 304; otherwise the next one takes it whole.
 */
export async function saveSession(
  db: PatravaliDb,
  session: StoredSession,
  directory?: Directory,
): Promise<void> {
  await db.transaction('rw', db.kv, db.accounts, async () => {
    await writeKv(db, KV_KEYS.session, session);
    // A sign-in answers the request to sign in again (session-upgrade.ts).
    await db.kv.delete(KV_KEYS.signInAgain);
    await writeKv(db, KV_KEYS.deviceNumber, session.deviceNumber);
    if (directory === undefined) return;
    const held = await storedDirectory(db);
    if (held !== null && !replacesDirectory(held, directory)) {
      await followDirectory(db, held);
      return;
    }
    if (held === null || JSON.stringify(held) !== JSON.stringify(directory)) {
      await notePullAgain(db, held, directory, session.person.id);
      await writeKv(db, KV_KEYS.directory, directory);
      await db.kv.delete(KV_KEYS.directoryTag);
    }
    await followDirectory(db, directory);
  });
}

/**
 * The session's person and the accounts remembered for offline sign-in as
 * `directory` has them (a transfer, a new role or designation); someone not in it
 * is left as they are (the server ends their sessions). Call inside a transaction
 * over kv and accounts, with the directory just kept.
 */
export async function followDirectory(db: PatravaliDb, directory: Directory): Promise<void> {
  const entries = new Map(directory.people.map((p) => [p.id, p]));
  const changed = (person: Person): Person | null => {
    const entry = entries.get(person.id);
    return entry === undefined || JSON.stringify(entry) === JSON.stringify(person) ? null : entry;
  };
  const session = await currentSession(db);
  const own = session === null ? null : changed(session.person);
  if (session !== null && own !== null) {
    const next: StoredSession = { ...session, person: own };
    await writeKv(db, KV_KEYS.session, next);
  }
  await db.accounts.toCollection().modify((row, ref) => {
    const entry = changed(row.person);
    if (entry !== null) ref.value = { ...row, person: entry };
  });
}

/**
 * The district confirmed the signing key `keyId` an office relay registered
 * provisionally (decision 0011): the session of that key stops being provisional,
 * and takes the device number the district gave (a tablet new to the district had
 * none: its sign-in at the relay could not carry it). Another session (someone
 * signed in meanwhile) is left as it is.
 */
export async function confirmProvisionalSession(
  db: PatravaliDb,
  keyId: string,
  deviceNumber?: number,
): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const session = await currentSession(db);
    if (session?.provisional !== true || session.signer?.keyId !== keyId) return;
    const { provisional: _confirmed, ...rest } = session;
    const numbered = deviceNumber !== undefined && deviceNumber >= 1;
    const confirmed: StoredSession = { ...rest, relayToken: true };
    await writeKv(db, KV_KEYS.session, numbered ? { ...confirmed, deviceNumber } : confirmed);
    if (numbered) await writeKv(db, KV_KEYS.deviceNumber, deviceNumber);
  });
}

/** The device number the server gave this tablet last (0 if none yet). */
export async function keptDeviceNumber(db: PatravaliDb): Promise<number> {
  return (await readKv<number>(db, KV_KEYS.deviceNumber)) ?? 0;
}

export async function currentSession(db: PatravaliDb): Promise<StoredSession | null> {
  return (await readKv<StoredSession>(db, KV_KEYS.session)) ?? null;
}

/**
 * Removes the session (and with it the token). Drafts stay, keyed by their author. The
 * server session is not ended: its token stays sealed for an offline sign-in (decision 0016).
 */
export async function signOut(db: PatravaliDb): Promise<void> {
  await db.kv.delete(KV_KEYS.session);
}

export async function storedDirectory(db: PatravaliDb): Promise<Directory | null> {
  return (await readKv<Directory>(db, KV_KEYS.directory)) ?? null;
}

/** This device's id, chosen once with `newId` and kept. */
export async function ensureDeviceId(db: PatravaliDb, newId: () => string): Promise<DeviceId> {
  return db.transaction('rw', db.kv, async () => {
    const existing = await readKv<string>(db, KV_KEYS.deviceId);
    if (existing) return asDeviceId(existing);
    const id = newId();
    await writeKv(db, KV_KEYS.deviceId, id);
    return asDeviceId(id);
  });
}

/** Stores an offline sign-in verifier for this person (call after an online sign-in). */
/** Whether this tablet has ever signed `username` in (so it may sign them in offline). */
export async function hasAccount(db: PatravaliDb, username: string): Promise<boolean> {
  return (await db.accounts.get(username)) !== undefined;
}

export async function rememberAccount(
  db: PatravaliDb,
  username: string,
  password: string,
  person: Person,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<void> {
  // A salt must come from the platform CSPRNG, never an injected test source.
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await deriveBits(password, salt, iterations);
  await db.accounts.put({ username, hash, salt, iterations, person });
}

/** The person if this password matches the stored verifier; null otherwise (or if never seen here). */
export async function verifyOfflineSignIn(
  db: PatravaliDb,
  username: string,
  password: string,
): Promise<Person | null> {
  const row = await db.accounts.get(username);
  if (!row) return null;
  const hash = await deriveBits(password, row.salt, row.iterations);
  return sameBytes(hash, row.hash) ? row.person : null;
}

/** Offline sign-in: verifies and starts a session without a server token. */
export async function signInOffline(
  db: PatravaliDb,
  username: string,
  password: string,
): Promise<Person | null> {
  const remembered = await verifyOfflineSignIn(db, username, password);
  if (!remembered) return null;
  // As the directory held lists them (it may be newer than their remembered copy).
  const listed = (await storedDirectory(db))?.people.find((p) => p.id === remembered.id);
  const person = listed ?? remembered;
  const deviceNumber = await keptDeviceNumber(db);
  const key = await openRememberedAuthorKey(db, username, password);
  const wrapped = await storedSigningKey(db, username);
  const signer = wrapped === null ? null : await unlockSigningKey(password, wrapped);
  // The token of the last online sign-in here, so this session can sync when the link returns.
  const kept = await openRememberedSessionToken(db, username, password);
  const session: StoredSession = {
    token: kept?.token ?? '',
    expiresAt: kept?.expiresAt ?? 0,
    person,
    deviceNumber,
    online: false,
    keyAware: true,
    ...(signer === null ? {} : { signer }),
  };
  await saveSession(db, key === null ? session : { ...session, authorKey: encodeAuthorKey(key) });
  return person;
}

async function deriveBits(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** Compares without an early exit, so timing does not reveal how many bytes matched. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
