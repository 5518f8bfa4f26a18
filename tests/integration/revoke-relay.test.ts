import { afterEach, describe, expect, it } from 'vitest';
import { asDeviceId, asOfficeId, asPersonId, type DeviceId, type PersonId } from '@domain/ids.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { addRelay, admin, RELAY_DEVICE, VKN_RELAY } from './relay-client.ts';
import { deviceUuid, tempDir } from './server-harness.ts';

/**
 * `admin revoke-relay`, `revoke` and `revoke-device` run while the district serves: a
 * relay or tablet that finds its session ended, or its key gone, at any step of them
 * must find the revocation recorded too, so the district tells it `accessRevoked` (a
 * relay's log says so and it stops; a tablet wipes that person's data) and not only
 * "sign in again". Each step that ends something is watched.
 */

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});

// Before the admin helper's clock (10:00): the live session's start.
const createdAt = Date.UTC(2026, 3, 1, 9, 0, 0);
const ENDING = [
  'revokePersonSessions',
  'revokeSession',
  'deleteCredential',
  'deleteAuthorKeys',
  'revokeDeviceKeys',
] as const;
type Ending = (typeof ENDING)[number];

/** Runs `args` on a storage where `who` has a live session on `device`; returns each step seen. */
async function watchSteps(
  who: PersonId,
  device: DeviceId,
  args: readonly string[],
  before: (storage: ServerStorage) => Promise<unknown> = async () => undefined,
) {
  const dir = await tempDir('patravali-revoke-');
  dirs.push(dir);
  const storage = openSqliteStorage(dir.path);
  try {
    await storage.saveDirectory(DEMO_DIRECTORY);
    await before(storage);
    await storage.registerDevice(device, asOfficeId('vikasnagar'), '', createdAt);
    await storage.createSession({
      tokenHash: 'the live session',
      person: who,
      deviceId: device,
      createdAt,
      expiresAt: createdAt + 86_400_000,
      revokedAt: null,
    });
    /** At each step that ends something: whether the revocation was recorded then. */
    const seen: [Ending, boolean][] = [];
    const watching = new Proxy(storage, {
      get: (target, name, receiver) => {
        const real = Reflect.get(target, name, receiver) as unknown;
        if (!ENDING.includes(name as Ending) || typeof real !== 'function') return real;
        return async (...a: unknown[]) => {
          const at = await storage.accessRevokedSince(who, device, createdAt);
          seen.push([name as Ending, at !== null]);
          return (real as (...b: unknown[]) => Promise<unknown>).apply(target, a);
        };
      },
    }) as ServerStorage;
    const run = await admin(watching, args);
    return { ...run, seen: seen.toSorted() };
  } finally {
    await storage.close();
  }
}

describe('admin revoke-relay, revoke and revoke-device', () => {
  it('revoke-relay records the revocation before it ends the sessions or deletes the key', async () => {
    const { code, out, seen } = await watchSteps(
      VKN_RELAY,
      asDeviceId(RELAY_DEVICE),
      ['revoke-relay', 'VKN'],
      (storage) => addRelay(storage, 'VKN'),
    );
    expect([code, out]).toEqual([
      0,
      ['revoked relay relay:vikasnagar: key deleted, 1 session(s) ended'],
    ]);
    expect(seen).toEqual([
      ['deleteCredential', true],
      ['revokePersonSessions', true],
    ]);
  });

  it("revoke records a person's revocation before it ends a session or a key", async () => {
    const clerk = asPersonId('clerk.vikasnagar');
    const { code, seen } = await watchSteps(clerk, asDeviceId(deviceUuid(301)), [
      'revoke',
      'clerk.vikasnagar',
    ]);
    expect(code).toBe(0);
    expect(seen).toEqual([
      ['deleteAuthorKeys', true],
      ['revokeDeviceKeys', true],
      ['revokePersonSessions', true],
    ]);
  });

  it('revoke-device records it before it ends the session on that tablet', async () => {
    const clerk = asPersonId('clerk.vikasnagar');
    const device = deviceUuid(302);
    const { code, seen } = await watchSteps(clerk, asDeviceId(device), [
      'revoke-device',
      'clerk.vikasnagar',
      device,
    ]);
    expect(code).toBe(0);
    expect(seen).toEqual([
      ['revokeDeviceKeys', true],
      ['revokeSession', true],
    ]);
  });
});
