import type { DeviceContext, Outcome } from '../commands/service-types.ts';
import { KV_KEYS, readKv } from '../db/db.ts';
import type { StoredSession } from './session.ts';

/**
 * Runs `write` (a draft of `ctx.person`'s saved, or their typing kept at sign-out) only
 * while that person is still on this device: signed in, or signed out with their
 * account kept (their drafts wait for their next sign-in). A person whose access was
 * revoked has neither (revoked-access.ts wipes both with their drafts): a form still
 * open then saves itself as the page closes or leaves their session, and must not
 * write their typing back after the wipe. One transaction with the write, so a wipe
 * comes wholly before it (nothing is written: null) or after it.
 */
export async function unlessRevoked<T>(
  ctx: DeviceContext,
  write: () => Promise<T>,
): Promise<T | null> {
  const { db } = ctx;
  const id = ctx.person.id;
  return db.transaction('rw', [db.kv, db.accounts, db.records, db.drafts], async () => {
    const session = await readKv<StoredSession>(db, KV_KEYS.session);
    const here =
      session?.person.id === id ||
      (await db.accounts.filter((a) => a.person.id === id).count()) > 0;
    return here ? write() : null;
  });
}

/** What a draft's save answers when its person's access was revoked meanwhile. */
export const REVOKED: Outcome<never> = {
  ok: false,
  error: 'notAllowed',
  detail: 'access revoked on this device',
};
