import { verifyAttest } from '@doc/attest.ts';
import type { Directory, Role } from '@domain/directory.ts';
import { findPerson } from '@domain/directory.ts';
import type { DeviceId, PersonId } from '@domain/ids.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * Author keys: one secret per (person, device), stored in SQLite (author_keys)
 * and handed to the person at every sign-in on that device. The device signs
 * each change its person makes with it (src/doc/attest.ts), so when someone
 * else on the same shared tablet later pushes that change, the server can tell
 * it really came from its author on this device. A key from another device
 * proves nothing here: keys are looked up by the pushing device's id.
 */

export const AUTHOR_KEY_BYTES = 32;

/** The person's key on this device (created on their first sign-in there), base64url. */
export async function issueAuthorKey(
  storage: ServerStorage,
  person: PersonId,
  deviceId: DeviceId,
  randomBytes: (n: number) => Uint8Array,
  at: number,
): Promise<string> {
  const key = await storage.ensureAuthorKey(person, deviceId, randomBytes(AUTHOR_KEY_BYTES), at);
  return Buffer.from(key).toString('base64url');
}

export interface AuthorCheck {
  readonly authorOk: (who: PersonId, item: RecordEvent | RecordMeta) => boolean;
  readonly roleOf: (who: PersonId) => Role | undefined;
}

/** The validation hooks for one pushing device, given the keys issued for it. */
export function authorCheck(
  keys: ReadonlyMap<PersonId, Uint8Array>,
  directory: Directory,
): AuthorCheck {
  return {
    authorOk: (who, item) => {
      const key = keys.get(who);
      return key !== undefined && verifyAttest(item, key);
    },
    roleOf: (who) => findPerson(directory, who)?.role,
  };
}
