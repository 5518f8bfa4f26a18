import 'fake-indexeddb/auto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';

/**
 * The district cannot take relay-forwarded work because its own copy of the record
 * is damaged (`recordDamaged`, issue 15's contained damage), with real processes
 * (decision 0013, amendment 3). The clerk's file reaches the district; the
 * district's stored row of it is then corrupted; the clerk notes on the file at the
 * relay, which takes the noting and forwards it. The relay holds that push, through
 * a kill -9, and pushes it again, each try counted and kept, at a wait doubling
 * from the relay's interval (amendment 8): once the district's copy is readable
 * again (its row restored, as from a backup) the noting reaches the district. The
 * clerk's tablet is told nothing and has the noting on the file all along, once.
 * (Before, the relay told the clerk the noting was refused, left it on the file as
 * well, and moved on past it: the district never had it.) Meanwhile the relay's
 * `/healthz` counts the held file and says when it goes again (amendments 7 and 8),
 * and no longer once it is taken.
 */

interface Health {
  readonly ok: boolean;
  readonly held?: { readonly records: number; readonly since: number; readonly nextTry: number };
}

describe("the district's damaged copy holds what the relay forwarded until it is repaired", () => {
  let world: RelayWorld;
  let fileId: RecordId;
  let sound: { seq: number; bytes: Buffer }[] = [];
  const NOTE = 'पटवारी की रिपोर्ट संलग्न है';

  /** A server's SQLite file, beside the running server (the district's unless said). */
  function rowsOf<T>(work: (db: BetterSqlite3.Database) => T, dir = world.districtDir): T {
    const sqlite = new BetterSqlite3(join(dir, SQLITE_FILE));
    try {
      sqlite.pragma('busy_timeout = 5000');
      return work(sqlite);
    } finally {
      sqlite.close();
    }
  }
  const districtRows = <T>(work: (db: BetterSqlite3.Database) => T): T => rowsOf(work);
  /** How many times the district refused the held file's push (amendment 8), in the relay's table. */
  const heldTries = () =>
    rowsOf(
      (db) =>
        (db.prepare('SELECT tries FROM relay_held_pushes').get() as { tries: number } | undefined)
          ?.tries ?? 0,
      world.relayDir,
    );

  /** The relay's `/healthz` answer. */
  const relayHealth = async (): Promise<Health> =>
    (await (await fetch(`${world.relay.url}/healthz`)).json()) as Health;

  beforeAll(async () => {
    // Its doubling wait at most a second: the test waits on the repaired copy, not the clock.
    world = await startRelayWorld(1814, { PATRAVALI_RELAY_HELD_MAX_MS: '1000' });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('the file reaches the district, whose stored copy is then damaged', async () => {
    const { clerk } = world;
    const file = await createFile(await clerk.context(), {
      subject: 'खसरा 61 सीमांकन',
      category: 'revenue',
    });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(fileId)) !== null, 30_000);
    districtRows((db) => {
      sound = db
        .prepare('SELECT seq, bytes FROM updates WHERE record_id = ? ORDER BY seq')
        .all(fileId) as { seq: number; bytes: Buffer }[];
      const garbage = Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01, 0x02]);
      const damaged = db
        .prepare('UPDATE updates SET bytes = ? WHERE record_id = ?')
        .run(garbage, fileId);
      expect(damaged.changes).toBeGreaterThan(0);
    });
  });

  it('the relay holds the noting, through a kill -9; the clerk is told nothing', async () => {
    const { clerk } = world;
    const c = await clerk.context();
    expect((await saveDraft(c, fileId, NOTE)).ok).toBe(true);
    expect((await finaliseDraft(c, fileId)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    await eventually(
      async () =>
        world.relay.output().includes(`relay: holding ${fileId}: the district cannot read`),
      30_000,
    );
    expect(world.relay.output()).not.toMatch(/relay: kept refusal/);
    // Pushed again and refused again, each try counted in the relay's table (amendment 8).
    await eventually(async () => heldTries() >= 3, 30_000);
    const tries = heldTries();
    await world.stopRelay('kill');
    expect(heldTries()).toBe(tries);
    await world.startRelay();
    expect(heldTries()).toBeGreaterThanOrEqual(tries);
    // Not only in its log: the relay's health answer says how much it holds, and since when,
    // without naming the file (anyone on the LAN may ask it; the log and the district name it).
    const health = await relayHealth();
    expect(health).toMatchObject({ ok: true, held: { records: 1 } });
    expect(health.held?.since).toBeLessThanOrEqual(Date.now());
    // And when it is next pushed again: after the tries before the kill, later than its first hold.
    expect(health.held?.nextTry).toBeGreaterThan(health.held?.since ?? Infinity);
    expect(JSON.stringify(health)).not.toContain(fileId);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.quarantine.count()).toBe(0);
    const state = stateOfDoc(await loadRecordDoc(clerk.db, fileId), world.clock.now());
    expect(state?.notes.map((n) => n.text)).toEqual([NOTE]);
  });

  it('the noting reaches the district once its copy is readable again', async () => {
    districtRows((db) => {
      const restore = db.prepare('UPDATE updates SET bytes = ? WHERE seq = ?');
      for (const r of sound) restore.run(r.bytes, r.seq);
    });
    await eventually(
      async () => (await world.notesAtDistrict(fileId))?.includes(NOTE) ?? false,
      30_000,
    );
    expect(await world.notesAtDistrict(fileId)).toEqual([NOTE]);
    await eventually(async () => (await relayHealth()).held === undefined, 30_000);
    expect(await relayHealth()).toEqual({ ok: true });
    expect(await world.notesAtRelay(fileId)).toEqual([NOTE]);
    expect(await world.clerk.sync()).toBe('synced');
    expect(await world.clerk.db.quarantine.count()).toBe(0);
    const state = stateOfDoc(await loadRecordDoc(world.clerk.db, fileId), world.clock.now());
    expect(state?.notes.map((n) => n.text)).toEqual([NOTE]);
  });
});
