import { asDeviceId, asPersonId, type PersonId, type RecordId } from '@domain/ids.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import {
  createFile,
  finaliseDraft,
  loadDeviceContext,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { currentSession, ensureDeviceId } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { signIn } from '@ui/services/sign-in.ts';
import { uuidFrom } from './sync-harness.ts';
import type { Clock, TestServer } from './sync-harness.ts';

/**
 * A shared tablet for integration tests: the real device store (fake-indexeddb),
 * the UI's sign-in service and a fresh sync engine per sync, under whoever is
 * signed in, as main.tsx does; `online` switches its link.
 */

export const ORIGIN = 'http://tablet.test';
export const CLERK = asPersonId('clerk.vikasnagar');
export const TEHSILDAR = asPersonId('tehsildar.vikasnagar');

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface Tablet {
  readonly db: PatravaliDb;
  readonly deviceId: ReturnType<typeof asDeviceId>;
  online: boolean;
  signIn(username: string, password?: string): Promise<{ ok: boolean; online?: boolean }>;
  context(): Promise<DeviceContext>;
  /** Syncs under whoever is signed in now, as main.tsx's engine would, and takes the directory after. */
  sync(): Promise<string>;
}

export function tablet(server: TestServer, clock: Clock, random: () => number): Tablet {
  const deviceId = asDeviceId(uuidFrom(random));
  const db = openDb(`shared-tablet-${deviceId}`);
  const t: Tablet = {
    db,
    deviceId,
    online: true,
    async signIn(username, password = 'demo1234') {
      // As main.tsx: the id the tablet keeps is the one it signs in (and stamps events) with.
      await ensureDeviceId(db, () => deviceId);
      const api = createApiClient(linkFetch, ORIGIN);
      return signIn(
        { db, api, deviceId, pbkdf2Iterations: 1_000, now: clock.now },
        username,
        password,
      );
    },
    async context() {
      const ctx = await loadDeviceContext(db, { now: clock.now, newId: () => uuidFrom(random) });
      if (ctx === null) throw new Error('nobody is signed in');
      return ctx;
    },
    async sync() {
      const session = await currentSession(db);
      let fetched = (): void => undefined;
      const directory = new Promise<void>((resolve) => (fetched = resolve));
      const engine = createSyncEngine({
        port: createSyncPort(db, clock.now),
        deviceId,
        getToken: () => session?.token || null,
        baseUrl: ORIGIN,
        fetch: linkFetch,
        now: clock.now,
        random,
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        onDirectory: () => fetched(),
      });
      const kind = (await engine.syncNow()).kind;
      // A new engine asks for the directory after its first synced run, beside what follows.
      if (kind === 'synced') await directory;
      return kind;
    },
  };
  const linkFetch: typeof fetch = async (input, init) => {
    if (!t.online) throw new TypeError('network unreachable');
    return fetch(String(input).replace(ORIGIN, server.origin()), init);
  };
  return t;
}

/**
 * A new file made on `t` and sent to `to` (the tehsildar unless said), with a
 * finalised noting of `noting` first when given: its id.
 */
export async function fileSentTo(
  t: Tablet,
  subject: string,
  to: PersonId = TEHSILDAR,
  noting?: string,
): Promise<RecordId> {
  const ctx = await t.context();
  const file = await createFile(ctx, { subject, category: 'revenue' });
  if (!file.ok) throw new Error(file.error);
  if (noting !== undefined) {
    const saved = await saveDraft(ctx, file.value.id, noting);
    if (!saved.ok) throw new Error(`noting not saved: ${JSON.stringify(saved)}`);
    const final = await finaliseDraft(ctx, file.value.id);
    if (!final.ok) throw new Error(`noting not finalised: ${JSON.stringify(final)}`);
  }
  const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
  const sent = await sendRecord(ctx, file.value.id, move);
  if (!sent.ok) throw new Error(`not sent: ${JSON.stringify(sent)}`);
  return file.value.id;
}
