import { afterEach, describe, expect, it } from 'vitest';
import { asDeviceId, asOfficeId } from '@domain/ids.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { addRelay, admin, RELAY_DEVICE, VKN_RELAY } from './relay-client.ts';
import { tempDir } from './server-harness.ts';

/**
 * `admin revoke-relay` runs while the district serves: a relay that finds its
 * session ended, or its key gone, at any step of it must find the revocation
 * recorded too, so the district tells it `accessRevoked` (its log says so and it
 * stops) and not only "sign in again". Each step that ends something is watched.
 */

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});

describe('admin revoke-relay', () => {
  it('records the revocation before it ends the sessions or deletes the key', async () => {
    const dir = await tempDir('patravali-revoke-relay-');
    dirs.push(dir);
    const storage = openSqliteStorage(dir.path);
    try {
      await storage.saveDirectory(DEMO_DIRECTORY);
      await addRelay(storage, 'VKN');
      // Before the admin helper's clock (10:00): the relay's live session.
      const createdAt = Date.UTC(2026, 3, 1, 9, 0, 0);
      const device = asDeviceId(RELAY_DEVICE);
      await storage.registerDevice(device, asOfficeId('vikasnagar'), '', createdAt);
      await storage.createSession({
        tokenHash: 'the relay’s session',
        person: VKN_RELAY,
        deviceId: device,
        createdAt,
        expiresAt: createdAt + 86_400_000,
        revokedAt: null,
      });
      /** At each step that ends something: whether the revocation was recorded then. */
      const seen: [string, boolean][] = [];
      const watched =
        (step: 'revokePersonSessions' | 'deleteCredential') =>
        async (...args: never[]) => {
          const at = await storage.accessRevokedSince(VKN_RELAY, device, createdAt);
          seen.push([step, at !== null]);
          return (storage[step] as (...a: never[]) => Promise<unknown>)(...args);
        };
      const watching = new Proxy(storage, {
        get: (target, name, receiver) =>
          name === 'revokePersonSessions' || name === 'deleteCredential'
            ? watched(name)
            : (Reflect.get(target, name, receiver) as unknown),
      }) as ServerStorage;
      const { code, out } = await admin(watching, ['revoke-relay', 'VKN']);
      expect([code, out]).toEqual([
        0,
        ['revoked relay relay:vikasnagar: key deleted, 1 session(s) ended'],
      ]);
      expect(seen.toSorted()).toEqual([
        ['deleteCredential', true],
        ['revokePersonSessions', true],
      ]);
    } finally {
      await storage.close();
    }
  });
});
