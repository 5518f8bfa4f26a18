import type { Person } from '@domain/directory.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import type { StoredSession } from './session.ts';

/**
 * Sessions an older build started, before device signing keys or the server's log
 * key: what they lack can only come from a new sign-in (the key is made and
 * registered there, the log key given there). Such a session is ended when the app
 * opens, with a notice on the sign-in page (kv `signInAgain`); drafts, form drafts
 * and unsent changes stay, as at any sign-out. Sessions this build starts carry
 * `keyAware`, so one it could not complete (an offline sign-in of an account
 * remembered before keys, a server that gives no log key) is never ended again and
 * nobody is locked out; their next online sign-in completes it.
 */

export type MissingKey = 'signingKey' | 'logKey';

export interface SignInAgainNotice {
  readonly person: Person;
  readonly missing: MissingKey;
  readonly at: number;
}

/** What an older build's session lacks; null for this build's sessions and complete ones. */
export async function missingKey(
  db: PatravaliDb,
  session: StoredSession,
): Promise<MissingKey | null> {
  if (session.keyAware === true) return null;
  if (session.signer === undefined) return 'signingKey';
  return (await readKv<string>(db, KV_KEYS.logKey)) === undefined ? 'logKey' : null;
}

/** Ends an older build's incomplete session and leaves the notice; returns what it lacked. */
export async function endIncompleteSession(
  db: PatravaliDb,
  session: StoredSession,
  at: number,
): Promise<MissingKey | null> {
  const missing = await missingKey(db, session);
  if (missing === null) return null;
  await db.transaction('rw', db.kv, async () => {
    await db.kv.delete(KV_KEYS.session);
    const notice: SignInAgainNotice = { person: session.person, missing, at };
    await writeKv(db, KV_KEYS.signInAgain, notice);
  });
  return missing;
}

export async function signInAgainNotice(db: PatravaliDb): Promise<SignInAgainNotice | null> {
  return (await readKv<SignInAgainNotice>(db, KV_KEYS.signInAgain)) ?? null;
}

/** A sign-in (of anyone) answers the notice. */
export async function clearSignInAgainNotice(db: PatravaliDb): Promise<void> {
  await db.kv.delete(KV_KEYS.signInAgain);
}
