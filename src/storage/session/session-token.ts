import { openAuthorKey, sealAuthorKey } from './author-key.ts';
import type { PatravaliDb } from '../db/db.ts';

/**
 * The server session token kept for offline sign-in, so a person who signs in
 * without a network can still sync once the link returns.
 *
 * What is stored where:
 * - table `accounts`, field `sessionToken`: the token of the person's last
 *   online sign-in on this device, sealed exactly like their author key
 *   (author-key.ts: AES-256-GCM under a PBKDF2-SHA-256 key from their password,
 *   own salt and IV), with its expiry. Without the password it is unreadable,
 *   so signing out (which deletes kv `session`) still leaves no usable token.
 * - kv `session`, field `token`: the opened token while the person is signed in.
 * If the server later answers 401 (expired or revoked), the sync status asks the
 * person to sign in again; work continues offline meanwhile.
 */

export interface OpenedSessionToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Seals `token` into the person's accounts row (call after rememberAccount wrote it). */
export async function rememberSessionToken(
  db: PatravaliDb,
  username: string,
  password: string,
  token: string,
  expiresAt: number,
  iterations: number,
): Promise<void> {
  const sealed = await sealAuthorKey(password, new TextEncoder().encode(token), iterations);
  await db.accounts.update(username, { sessionToken: { ...sealed, expiresAt } });
}

/** The remembered token opened with the password; null if none, or the password is wrong. */
export async function openRememberedSessionToken(
  db: PatravaliDb,
  username: string,
  password: string,
): Promise<OpenedSessionToken | null> {
  const sealed = (await db.accounts.get(username))?.sessionToken;
  if (sealed === undefined) return null;
  const bytes = await openAuthorKey(password, sealed);
  if (bytes === null) return null;
  return { token: new TextDecoder().decode(bytes), expiresAt: sealed.expiresAt };
}
