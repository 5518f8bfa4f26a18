import type { Person } from '@domain/directory.ts';
import { KV_KEYS, readKv, type PatravaliDb } from '../db/db.ts';

/**
 * The notice the sign-in page shows (kv `accessRevoked`, written by
 * revoked-access.ts when a person's access is taken away) until dismissed.
 * Apart from the wipe, whose record code the sign-in page does not need.
 */
export interface RevokedNotice {
  readonly person: Person;
  readonly at: number;
}

/** The notice of the last revocation on this device, until someone dismisses it. */
export async function revokedNotice(db: PatravaliDb): Promise<RevokedNotice | null> {
  return (await readKv<RevokedNotice>(db, KV_KEYS.accessRevoked)) ?? null;
}

export async function dismissRevokedNotice(db: PatravaliDb): Promise<void> {
  await db.kv.delete(KV_KEYS.accessRevoked);
}
