import type { Person } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';
import {
  createSigningKey,
  decodeAuthorKey,
  districtKeyOf,
  deviceInfo,
  hasAccount,
  keepLogKey,
  keepSyncFallback,
  keptDeviceNumber,
  ownAddressMissed,
  PBKDF2_ITERATIONS,
  registrationOf,
  rememberAccount,
  rememberAuthorKey,
  rememberSessionToken,
  rememberSigningKey,
  saveDeviceKeys,
  saveSession,
  signInOffline,
  storedSigningKey,
  syncFallback,
  unlockSigningKey,
  wipeRevokedAccounts,
  wipeRevokedPerson,
  type PatravaliDb,
  type Signer,
  type WrappedSigningKey,
} from '@storage/services.ts';
import type { ApiClient } from './api-client.ts';

/**
 * Sign-in as the UI performs it: online against the server when it answers,
 * otherwise with the verifier this tablet remembered at an earlier online
 * sign-in. Session and verifier are stored by src/storage/session/session.ts; the
 * person's author key (kept in the session, and sealed with the password for
 * offline sign-in) by src/storage/session/author-key.ts.
 */

export type SignInError =
  | 'badCredentials'
  | 'tooManyAttempts'
  | 'offlineNeverSignedIn'
  | 'offlineBadPassword'
  | 'serverUnreachable';

export type SignInOutcome =
  | { readonly ok: true; readonly person: Person; readonly online: boolean }
  | { readonly ok: false; readonly error: SignInError; readonly retryAfterMs?: number };

export interface SignInDeps {
  readonly db: PatravaliDb;
  readonly api: ApiClient;
  readonly deviceId: DeviceId;
  /** PBKDF2 iterations for the offline verifier; tests lower it to stay fast. */
  readonly pbkdf2Iterations?: number;
  /** Set on the one retry after the tablet's kept key turned out revoked. */
  readonly afterRevokedKey?: boolean;
  /** The device clock the sync engine reads (ms); Date.now when absent. */
  readonly now?: () => number;
}

export async function signIn(
  deps: SignInDeps,
  username: string,
  password: string,
): Promise<SignInOutcome> {
  const iterations = deps.pbkdf2Iterations ?? PBKDF2_ITERATIONS;
  const key = await signingKeyFor(deps.db, username, password, iterations);
  const request = {
    username,
    password,
    deviceId: deps.deviceId,
    // Node (tests, tools) has no navigator before v21.
    signingKey: registrationOf(
      key.stored,
      typeof navigator === 'undefined' ? 'unknown' : deviceInfo(navigator),
    ),
  };
  let result = await deps.api.signIn(request);
  const missed = !result.ok && result.error === 'network';
  // The office relay answering this tablet's address is off: the district's own address,
  // if the relay named one (decision 0015). A district session syncs there; the relay,
  // back, asks for a sign-in of its own.
  let atFallback = false;
  // An answer from this tablet's address forgets its misses (tiers.ts ownAddressMissed).
  if (!missed) await ownAddressMissed(deps.db, null);
  else if (deps.api.at !== undefined) {
    const fallback = await syncFallback(deps.db);
    if (fallback !== null) {
      // A person is waiting: the sign-in goes at the first miss, which the next sync counts.
      await ownAddressMissed(deps.db, (deps.now ?? Date.now)());
      result = await deps.api.at(fallback).signIn(request);
      atFallback = true;
    }
  }
  if (result.ok) {
    const s = result.value;
    // The administrator revoked the key this tablet kept for the person while they were
    // signed out (revoke-device): their old data here goes (as at a sync that hears it),
    // and signing in again makes and registers a new key.
    const kept = s.deviceKeys?.find((k) => k.id === key.stored.keyId);
    if (kept?.revokedAt != null && deps.afterRevokedKey !== true) {
      await wipeRevokedPerson(deps.db, s.person, kept.revokedAt);
      return signIn({ ...deps, afterRevokedKey: true }, username, password);
    }
    // An older server issues no key: the person's changes then go unattested, as before.
    const authorKey = decodeAuthorKey(s.authorKey);
    await saveSession(
      deps.db,
      {
        token: s.token,
        expiresAt: s.expiresAt,
        person: s.person,
        // An office relay that signed this in without the district does not know the
        // district's number (0): the one this tablet was given before stays.
        deviceNumber: s.deviceNumber > 0 ? s.deviceNumber : await keptDeviceNumber(deps.db),
        online: true,
        ...(s.provisional === true ? { provisional: true as const } : {}),
        keyAware: true,
        signer: key.signer,
        ...(authorKey === null ? {} : { authorKey: s.authorKey }),
      },
      s.directory,
    );
    // The keys pulled updates are checked against (an older server lists none).
    if (s.deviceKeys !== undefined) {
      await saveDeviceKeys(deps.db, s.deviceKeys);
      // Others remembered here whose access the administrator revoked meanwhile.
      await wipeRevokedAccounts(deps.db, s.deviceKeys, username);
    }
    // An office relay names its district's key too: both tiers may answer (decision 0015).
    // The fallback the relay named is its district whatever key the relay named (none, when
    // it signed this tablet in provisionally): its key is kept as the other tier.
    // Which key is the district's, the only one whose word for a relay's key is taken
    // (decision 0017, amendment 1): the relay names it, or the district answered itself.
    await keepLogKey(deps.db, s.logKey, s.districtLogKey, atFallback, districtKeyOf(s));
    // Where to sync while the relay is off: the district's own address, if it named one.
    await keepSyncFallback(deps.db, s);
    await rememberAccount(deps.db, username, password, s.person, iterations);
    await rememberSigningKey(deps.db, username, key.stored);
    // Both sealed with the password; the token so a later offline sign-in can still sync.
    // In parallel: each is a slow key derivation, and their row updates touch different fields.
    await Promise.all([
      authorKey === null
        ? Promise.resolve()
        : rememberAuthorKey(deps.db, username, password, authorKey, iterations),
      rememberSessionToken(deps.db, username, password, s.token, s.expiresAt, iterations),
    ]);
    return { ok: true, person: s.person, online: true };
  }
  if (result.error === 'badCredentials') return { ok: false, error: 'badCredentials' };
  // Locked by the server: an offline sign-in must not become the way around the lock.
  if (result.error === 'tooManyAttempts')
    return { ok: false, error: 'tooManyAttempts', retryAfterMs: result.retryAfterMs ?? 0 };
  return signInWithoutServer(deps, username, password, result.error);
}

/**
 * The person's key on this device: the one made at their first sign-in here,
 * or a new one (first sign-in, or their password changed so the old one no
 * longer opens). Kept only once the server has accepted the sign-in.
 */
async function signingKeyFor(
  db: PatravaliDb,
  username: string,
  password: string,
  iterations: number,
): Promise<{ readonly stored: WrappedSigningKey; readonly signer: Signer }> {
  const stored = await storedSigningKey(db, username);
  const signer = stored === null ? null : await unlockSigningKey(password, stored);
  return stored !== null && signer !== null
    ? { stored, signer }
    : createSigningKey(password, iterations);
}

async function signInWithoutServer(
  deps: SignInDeps,
  username: string,
  password: string,
  cause: 'network' | 'server',
): Promise<SignInOutcome> {
  if (!(await hasAccount(deps.db, username)))
    return { ok: false, error: cause === 'network' ? 'offlineNeverSignedIn' : 'serverUnreachable' };
  const person = await signInOffline(deps.db, username, password);
  if (!person) return { ok: false, error: 'offlineBadPassword' };
  return { ok: true, person, online: false };
}
