import { authorKeyOfSession } from '../session/author-key.ts';
import type { PatravaliDb } from '../db/db.ts';
import { currentSession, ensureDeviceId, storedDirectory } from '../session/session.ts';
import type { DeviceContext } from './service-types.ts';

/**
 * The DeviceContext for whoever is signed in on this device, from what the
 * store keeps (kv `session` with the author key, `directory`, `deviceId`);
 * null when signed out.
 * Clock and id source are passed in so tests can fix them.
 */
export async function loadDeviceContext(
  db: PatravaliDb,
  deps: { readonly now: () => number; readonly newId: () => string },
): Promise<DeviceContext | null> {
  const session = await currentSession(db);
  const directory = await storedDirectory(db);
  if (!session || !directory) return null;
  const deviceId = await ensureDeviceId(db, deps.newId);
  return {
    db,
    person: session.person,
    directory,
    deviceId,
    deviceNumber: session.deviceNumber,
    authorKey: authorKeyOfSession(session),
    signer: session.signer ?? null,
    ...deps,
  };
}
