import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { KV_KEYS, readKv } from '@storage/db/db.ts';
import { createFile, listQuarantine, saveDraft } from '@storage/services.ts';
import { buildServer } from '../../sync-server/app.ts';
import { configFromEnv } from '../../sync-server/config.ts';
import {
  createClock,
  createDevice,
  eventually,
  signIn,
  snapshotDevice,
  syncUntilClean,
  type Clock,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';
import { postReset } from './trainer-harness.ts';
import { bundledJudging } from '../server-bundle.ts';

/**
 * Devices that synced before a trainer's reset: the real server with the demo
 * district, real device stores (Dexie over fake-indexeddb) and the real sync
 * engine. After the reset a device learns the new generation, wipes the old
 * class's records and starts clean, without errors.
 */

let server: (TestServer & { dataDir: string }) | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Like sync-harness's startServer, with the demo content seeded. */
async function startDemoServer(clock: Clock, random: () => number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'patravali-trainer-sync-'));
  const env = {
    PATRAVALI_DATA_DIR: dataDir,
    PATRAVALI_SCRYPT_LOG_N: '10',
    PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
    PATRAVALI_DEMO_CONTENT: '1',
  };
  const randomBytes = (n: number): Uint8Array =>
    Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  let app: FastifyInstance;
  let origin = '';
  const open = async (): Promise<void> => {
    app = buildServer(configFromEnv(env, process.cwd()), {
      now: clock.now,
      randomBytes,
      judging: bundledJudging(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  await open();
  return {
    dataDir,
    origin: () => origin,
    async restart() {
      await app.close();
      await open();
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function trainerReset(s: TestServer): Promise<void> {
  const trainer = await signIn(s, 'trainer', '00000000-0000-4000-8000-00000000aaaa');
  const reset = await postReset(s.origin(), trainer.token);
  expect(reset.status).toBe(200);
}

const recordIds = async (d: TestDevice): Promise<string[]> =>
  ((await d.db.records.toCollection().primaryKeys()) as string[]).sort();

describe('a device that synced before a reset', () => {
  it('is told, wipes the old class work (keeping its quarantine) and starts clean', async () => {
    const clock = createClock(Date.UTC(2026, 3, 1, 5, 0));
    const random = mulberry32(41);
    server = await startDemoServer(clock, random);
    const clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    await syncUntilClean(clerk);
    const seeded = await recordIds(clerk);
    expect(seeded).toHaveLength(35); // Vikasnagar's 30 files and 5 letters
    expect(await readKv(clerk.db, KV_KEYS.generation)).toBe(1);

    // The class works: one file synced, one made offline, a draft, a refused change on record.
    const synced = await createFile(clerk.ctx, { subject: 'कक्षा की फ़ाइल', category: 'rti' });
    if (!synced.ok) throw new Error(synced.error);
    await syncUntilClean(clerk);
    clerk.link.online = false;
    const offline = await createFile(clerk.ctx, { subject: 'ऑफ़लाइन फ़ाइल', category: 'pensions' });
    if (!offline.ok) throw new Error(offline.error);
    await saveDraft(clerk.ctx, asRecordId(seeded[0] ?? ''), 'अधूरी टिप्पणी');
    await clerk.db.quarantine.add({
      recordId: offline.value.id,
      reason: 'actorMismatch',
      detail: 'kept from before the reset',
      at: clock.now(),
      update: new Uint8Array([0, 0]),
    });
    expect(await clerk.db.outbox.count()).toBe(1);

    await trainerReset(server);
    clerk.link.online = true;
    const outcome = await clerk.engine.syncNow();
    expect(outcome.kind).toBe('synced');

    expect(await recordIds(clerk)).toEqual(seeded);
    expect(await clerk.db.records.get(synced.value.id)).toBeUndefined();
    expect(await clerk.db.updates.where('recordId').equals(offline.value.id).count()).toBe(0);
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await clerk.db.drafts.count()).toBe(0);
    expect((await listQuarantine(clerk.db)).map((q) => q.detail)).toEqual([
      'kept from before the reset',
    ]);
    expect(await readKv(clerk.db, KV_KEYS.generation)).toBe(2);
    expect(clerk.engine.status.getSnapshot()).toMatchObject({ state: 'synced', pending: 0 });

    // Exactly what a tablet that never saw the old class holds.
    const fresh = await createDevice(server, 'clerk.vikasnagar', clock, random);
    await syncUntilClean(fresh);
    const [a, b] = await Promise.all([
      snapshotDevice(clerk, clock.now()),
      snapshotDevice(fresh, clock.now()),
    ]);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [id, snap] of a) expect(snap.content).toEqual(b.get(id)?.content);

    // The class's file is not on the server either, and nothing old is pushed again.
    const requests = clerk.link.requests;
    await clerk.engine.syncNow();
    expect(clerk.link.requests).toBe(requests + 1);
  });

  it('hears of the reset on its push channel while online and starts clean by itself', async () => {
    const clock = createClock(Date.UTC(2026, 3, 1, 5, 0));
    const random = mulberry32(42);
    server = await startDemoServer(clock, random);
    const tehsildar = await createDevice(server, 'tehsildar.chakrata', clock, random);
    tehsildar.engine.start();
    await eventually(async () => (await readKv(tehsildar.db, KV_KEYS.generation)) === 1);
    const clerk = await createDevice(server, 'clerk.chakrata', clock, random);
    const file = await createFile(clerk.ctx, { subject: 'अभ्यास', category: 'others' });
    if (!file.ok) throw new Error(file.error);
    await syncUntilClean(clerk);
    await eventually(async () => (await tehsildar.db.records.get(file.value.id)) !== undefined);

    await trainerReset(server);
    await eventually(async () => (await readKv(tehsildar.db, KV_KEYS.generation)) === 2);
    await eventually(async () => (await tehsildar.db.records.count()) === 18);
    expect(await tehsildar.db.records.get(file.value.id)).toBeUndefined();
    await eventually(async () => tehsildar.engine.status.getSnapshot().state === 'synced');
    expect(tehsildar.engine.status.getSnapshot().error ?? null).toBeNull();
    tehsildar.engine.stop();
  });
});
