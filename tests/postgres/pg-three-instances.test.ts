import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type OfficeId, type RecordId } from '@domain/ids.ts';
import { createFile, finaliseDraft, saveDraft, sendRecord } from '@storage/services.ts';
import { openPgStorage } from '../../sync-server/storage/pg/pg-storage.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { expectConverged } from '../integration/sync-converge-helpers.ts';
import {
  createDevice,
  snapshotDevice,
  syncUntilClean,
  type Clock,
  type TestDevice,
  type TestServer,
} from '../integration/sync-harness.ts';
import { mulberry32 } from '../integration/sync-random.ts';
import { startInstance, type InstanceProcess } from './instance-process.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * Issue 19's integration: three server instances (processes) on one PostgreSQL
 * database and one shared data directory, six tablets spread over them behind a
 * balancer that drops an instance when it dies (as a health check would). In every
 * round each tablet works, then all sync at once while a random instance is killed
 * (SIGKILL) at a random request; its tablets' requests fail and are retried on
 * another instance; the killed one is started again for the next round. At the end
 * every tablet holds the same records as each other and as the server (nothing
 * skipped by a cursor), every event exactly once, every number once.
 */

const ROUNDS = 3;
const PEOPLE = [
  'clerk.vikasnagar',
  'tehsildar.vikasnagar',
  'naib.vikasnagar',
  'clerk.vikasnagar',
  'clerk.chakrata',
  'tehsildar.chakrata',
] as const;
const NEXT: Readonly<Record<string, string>> = {
  'clerk.vikasnagar': 'tehsildar.vikasnagar',
  'tehsildar.vikasnagar': 'naib.vikasnagar',
  'naib.vikasnagar': 'clerk.vikasnagar',
  'clerk.chakrata': 'tehsildar.chakrata',
  'tehsildar.chakrata': 'clerk.chakrata',
};

/** The servers' real clock: the tablets' claimed times are checked against it. */
const clock: Clock = { now: () => Date.now(), advance: () => undefined };

describe('three instances on one PostgreSQL, instances killed mid-sync', () => {
  let db: TestDatabase;
  let dataDir: string;
  let storage: ServerStorage;
  const alive: (InstanceProcess | null)[] = [null, null, null];
  const env = () => ({
    PATRAVALI_DATABASE_URL: db.url,
    PATRAVALI_DATA_DIR: dataDir,
    PATRAVALI_SCRYPT_LOG_N: '10',
    PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
    PATRAVALI_SYNC_PER_MINUTE: '0',
    PATRAVALI_DEMO_CONTENT: '0',
  });
  beforeAll(async () => {
    db = await freshDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'patravali-three-'));
    // One after the other at first (the schema is made once either way); in parallel later.
    for (let i = 0; i < 3; i++) alive[i] = await startInstance(env());
    storage = await openPgStorage(db.url);
    // Three server processes, each compiling the server as it starts, on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await storage.close();
    for (const s of alive) await s?.stop();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every tablet converges, nothing is lost or doubled, no cursor skips a row', async () => {
    const random = mulberry32(19);
    let requests = 0;
    let killAt = Infinity;
    let killed: number | null | undefined;
    const live = () => alive.flatMap((s, i) => (s === null ? [] : [i]));
    /** Tablet n's instance: its own while alive, else the next live one (the balancer). */
    const balancer = (n: number): TestServer => ({
      origin() {
        if (++requests === killAt) {
          const victim = live()[Math.floor(random() * live().length)] ?? 0;
          void alive[victim]?.kill();
          alive[victim] = null;
          killed = victim;
        }
        const up = live();
        const own = n % 3;
        return (alive[own] ?? alive[up[n % up.length] ?? 0])?.origin ?? 'http://127.0.0.1:9';
      },
      dataDir,
      restart: async () => undefined,
      close: async () => undefined,
    });
    const devices: TestDevice[] = [];
    for (const [n, person] of PEOPLE.entries())
      devices.push(await createDevice(balancer(n), person, clock, random));

    const made: RecordId[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const d of devices) {
        const person = d.ctx.person.id;
        const file = await createFile(d.ctx, { subject: `Round ${round}`, category: 'others' });
        if (!file.ok) throw new Error(file.error);
        made.push(file.value.id);
        await saveDraft(d.ctx, file.value.id, `Noting of ${person} in round ${round}`);
        await finaliseDraft(d.ctx, file.value.id);
        const to = asPersonId(NEXT[person] ?? person);
        await sendRecord(d.ctx, file.value.id, {
          to,
          remarks: '',
          dueDate: null,
          priority: 'normal',
        });
      }
      // The kill lands among this round's first requests (each tablet makes at least one).
      killAt = requests + 1 + Math.floor(random() * PEOPLE.length);
      killed = null;
      await Promise.all(devices.map((d) => syncUntilClean(d, 200)));
      expect(killed, `round ${round} killed an instance`).not.toBeNull();
      alive[killed ?? 0] = await startInstance(env());
    }
    // Everyone pulls what the others pushed after their last round.
    for (const d of devices) await syncUntilClean(d, 200);

    const byOffice = new Map<OfficeId, TestDevice[]>();
    for (const d of devices) {
      const office = d.ctx.person.office;
      byOffice.set(office, [...(byOffice.get(office) ?? []), d]);
    }
    for (const [office, tablets] of byOffice) {
      await expectConverged(tablets, clock.now());
      const snap = await snapshotDevice(tablets[0] as TestDevice, clock.now());
      // Every record the server holds for the office, as the server holds it: none skipped.
      const rows = await storage.summaries(office);
      expect([...snap.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
      for (const row of rows) {
        const server = new Y.Doc();
        Y.applyUpdate(server, await storage.recordState(row.id));
        expect(snap.get(row.id)?.content).toEqual({
          meta: server.getMap('meta').toJSON(),
          events: server.getArray('events').toJSON(),
          letter: server.getText('letter').toString(),
        });
      }
      // Numbers are unique in the office.
      expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    }
    // Every file made exists once on the server, each event once in its record.
    expect([...(await storage.recordIds())].sort()).toEqual([...made].sort());
    for (const id of made) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await storage.recordState(id));
      const ids = (doc.getArray('events').toJSON() as { id: string }[]).map((e) => e.id);
      expect(new Set(ids).size, `events of ${id}`).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(2);
    }
    // Three rounds, each starting a server process again, on a loaded 2-core machine.
  }, 300_000);
});
