import type { Directory, Person } from '@domain/directory.ts';
import { findOffice } from '@domain/directory.ts';
import { isRelayId, principalOf } from '../relay/relay-identity.ts';
import { asPersonId } from '@domain/ids.ts';
import type { SessionRequest, SessionResponse } from '@protocol/api.ts';
import type { ServerStorage, SessionRow } from '../storage/types.ts';
import { directoryKey, keyFromRegistration } from './device-keys.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { accountKey, createLimit, createSignInLimiter, deviceKey } from './sign-in-limiter.ts';
import { hashToken, newToken } from './tokens.ts';

/**
 * Sign-in, session lookup and sign-out. A failed sign-in costs the same scrypt
 * work whether or not the user exists, and says only "bad credentials".
 * Repeated failures lock the account and the device for a growing delay
 * (sign-in-limiter.ts), and at most HASHES_AT_ONCE hashes run at a time.
 */

/** scrypt calls at once: two of libuv's four threads stay free for zlib and files. */
export const HASHES_AT_ONCE = 2;

export type SignInAnswer =
  | { readonly ok: true; readonly session: SessionResponse }
  | { readonly ok: false; readonly error: 'badCredentials' }
  /** Locked after repeated failures, until `retryAt` (ms since epoch). */
  | { readonly ok: false; readonly error: 'tooManyAttempts'; readonly retryAt: number }
  /** The signing key in the request cannot be registered (why in `detail`). */
  | { readonly ok: false; readonly error: 'badKey'; readonly detail: string }
  /**
   * An office relay's sign-in goes to the district (relay/relay-sign-in.ts): its
   * refusal is passed on as it came; status 503 when the district cannot be reached.
   */
  | {
      readonly ok: false;
      readonly error: 'upstream';
      readonly status: number;
      readonly body: unknown;
    };

/** The district's answer to a registration an office relay forwards (decision 0011). */
export type RegistrationAnswer =
  | { readonly ok: true; readonly deviceNumber: number }
  | { readonly ok: false; readonly error: 'badCredentials' | 'notThisOffice' }
  | { readonly ok: false; readonly error: 'tooManyAttempts'; readonly retryAt: number }
  | { readonly ok: false; readonly error: 'badKey'; readonly detail: string };

export interface AccountsDeps {
  readonly storage: ServerStorage;
  /** Read at each use: an office relay's changes while it runs (relay/relay-directory.ts). */
  readonly directory: Directory;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly tokenTtlMs: number;
  /** The server's log key (auth/log-key.ts), given to devices at sign-in. */
  readonly logKey?: string;
  readonly scryptLogN: number;
}

/** A signed-in request: who, on which device, under which token. */
export interface AuthContext {
  readonly person: Person;
  readonly session: SessionRow;
}

/**
 * A token an office relay could not check yet: its budget of questions to the
 * district is spent, or the district did not answer (relay/district-sessions.ts). The device is told to wait `laterMs`
 * and try again (429 with Retry-After), not to sign in again.
 */
export interface NotCheckedYet {
  readonly laterMs: number;
}

/** What `authenticate` says of a request's token: signed in, not checked yet, or refused (null). */
export type Authentication = AuthContext | NotCheckedYet | null;

/** Whether the request is signed in (neither refused nor to wait). */
export const signedIn = (auth: Authentication): auth is AuthContext =>
  auth !== null && 'session' in auth;

export interface Accounts {
  signIn(req: SessionRequest): Promise<SignInAnswer>;
  /**
   * `source`: the request's address. An office relay asks the district about a token
   * it does not know, within a budget per address (relay/district-sessions.ts); past it
   * the token is not checked, and the answer says when it can be (NotCheckedYet),
   * in the same step, so a real session past the budget is never told to sign in.
   */
  authenticate(token: string | null, source?: string): Promise<Authentication>;
  /**
   * For a token `authenticate` refused: when an administrator revoked its person's
   * access on its device (admin revoke / revoke-device) after the session began, or null
   * (expired, signed out, unknown: the generic "sign in again").
   */
  accessRevoked(token: string | null): Promise<{ person: Person; at: number } | null>;
  /**
   * For a token `authenticate` refused: an office relay's "a session of a person of
   * another office, for the district to answer" (live, or its access revoked there), as
   * the district told it (relay/district-sessions.ts; decision 0017, amendment 2). Only
   * an office relay's accounts have it.
   */
  otherOffice?(token: string | null): Promise<boolean>;
  signOut(token: string): Promise<boolean>;
  /**
   * A sign-in an office relay of `office` made while it could not reach the
   * district, forwarded when the WAN returned (decision 0011): checked as a
   * sign-in is (password against the verifier stored now, the same lock), for a
   * person of that office only, and its signing key and device registered; no
   * session is made here.
   */
  registerFromRelay(req: SessionRequest, office: string): Promise<RegistrationAnswer>;
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const { storage, now, randomBytes } = deps;
  const limiter = createSignInLimiter();
  const hashing = createLimit(HASHES_AT_ONCE);
  // Verified against when the user is unknown, so both paths cost one scrypt.
  let decoy: Promise<string> | null = null;
  const decoyHash = (): Promise<string> =>
    (decoy ??= hashing(() => hashPassword('decoy', deps.scryptLogN, randomBytes)));

  async function checkPassword(username: string, password: string): Promise<Person | null> {
    const person = principalOf(deps.directory, asPersonId(username));
    const credential = person === undefined ? null : await storage.getCredential(person.id);
    const encoded = credential?.hash ?? (await decoyHash());
    const valid = await hashing(() => verifyPassword(password, encoded));
    return valid && person !== undefined && credential !== null ? person : null;
  }

  /** Registers the request's signing key for `person`, or why not (undefined: done or none). */
  async function registerKey(
    req: SessionRequest,
    person: Person,
    at: number,
  ): Promise<string | undefined> {
    if (req.signingKey === undefined) return undefined;
    const key = keyFromRegistration(req.signingKey, person.id, req.deviceId, at);
    if (typeof key === 'string') return key;
    if (!(await storage.registerDeviceKey(key)))
      return 'that key is registered for another person or device';
    return undefined;
  }

  return {
    async registerFromRelay(req, office) {
      const keys = [accountKey(req.username), deviceKey(req.deviceId)];
      const lockedUntil = limiter.lockedUntil(keys, now());
      if (lockedUntil !== null)
        return { ok: false, error: 'tooManyAttempts', retryAt: lockedUntil };
      const person = await checkPassword(req.username, req.password);
      if (person === null) {
        limiter.failed(keys, now());
        return { ok: false, error: 'badCredentials' };
      }
      limiter.succeeded(keys);
      if (isRelayId(person.id) || person.office !== office)
        return { ok: false, error: 'notThisOffice' };
      if (req.signingKey === undefined)
        return { ok: false, error: 'badKey', detail: 'no signing key to register' };
      const at = now();
      const refused = await registerKey(req, person, at);
      if (refused !== undefined) return { ok: false, error: 'badKey', detail: refused };
      const device = await storage.registerDevice(
        req.deviceId,
        person.office,
        req.deviceLabel ?? '',
        at,
      );
      return { ok: true, deviceNumber: device.deviceNumber };
    },

    async signIn(req) {
      const keys = [accountKey(req.username), deviceKey(req.deviceId)];
      const lockedUntil = limiter.lockedUntil(keys, now());
      if (lockedUntil !== null)
        return { ok: false, error: 'tooManyAttempts', retryAt: lockedUntil };
      const person = await checkPassword(req.username, req.password);
      if (person === null || findOffice(deps.directory, person.office) === undefined) {
        limiter.failed(keys, now());
        return { ok: false, error: 'badCredentials' };
      }
      limiter.succeeded(keys);
      const at = now();
      const relay = isRelayId(person.id);
      if (relay && req.signingKey !== undefined) {
        return { ok: false, error: 'badKey', detail: 'an office relay signs nothing: no key' };
      }
      const refused = await registerKey(req, person, at);
      if (refused !== undefined) return { ok: false, error: 'badKey', detail: refused };
      // A relay makes no records, so it takes no device number of its office.
      const deviceNumber = relay
        ? 0
        : (await storage.registerDevice(req.deviceId, person.office, req.deviceLabel ?? '', at))
            .deviceNumber;
      const token = newToken(randomBytes);
      const expiresAt = at + deps.tokenTtlMs;
      await storage.createSession({
        tokenHash: hashToken(token),
        person: person.id,
        deviceId: req.deviceId,
        createdAt: at,
        expiresAt,
        revokedAt: null,
      });
      const session = {
        token,
        expiresAt,
        person,
        directory: deps.directory,
        deviceNumber,
        serverTime: at,
        deviceKeys: (await storage.deviceKeys()).map(directoryKey),
        ...(deps.logKey === undefined ? {} : { logKey: deps.logKey }),
      };
      return { ok: true, session };
    },

    async authenticate(token) {
      if (token === null) return null;
      const session = await storage.findSession(hashToken(token));
      if (session === null || session.revokedAt !== null || session.expiresAt <= now()) return null;
      const person = principalOf(deps.directory, session.person);
      return person === undefined ? null : { person, session };
    },

    async accessRevoked(token) {
      if (token === null) return null;
      const session = await storage.findSession(hashToken(token));
      if (session === null) return null;
      const person = principalOf(deps.directory, session.person);
      if (person === undefined) return null;
      const at = await storage.accessRevokedSince(
        session.person,
        session.deviceId,
        session.createdAt,
      );
      return at === null ? null : { person, at };
    },

    async signOut(token) {
      return storage.revokeSession(hashToken(token), now());
    },
  };
}
