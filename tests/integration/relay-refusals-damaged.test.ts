import 'fake-indexeddb/auto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';

/**
 * The district refuses relay-forwarded work because its own copy of the record is
 * damaged (`recordDamaged`, issue 15's contained damage), with real processes. The
 * clerk's file reaches the district; the district's stored row of it is then
 * corrupted; the clerk notes on the file at the relay, which takes the noting and
 * forwards it. The relay used to drop that refusal and move past the push: the
 * noting never reached the district and the clerk was never told. Now the clerk's
 * tablet finds the noting in its quarantine, marked as refused by the district
 * after the relay took it, with the reason; the relay still holds the noting (it
 * cannot tell what of the file the district holds).
 */

describe("the district's damaged copy refuses what the relay forwarded", () => {
  let world: RelayWorld;
  let fileId: RecordId;
  const NOTE = 'पटवारी की रिपोर्ट संलग्न है';

  beforeAll(async () => {
    world = await startRelayWorld(1814);
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
    const sqlite = new BetterSqlite3(join(world.districtDir, SQLITE_FILE));
    try {
      sqlite.pragma('busy_timeout = 5000');
      const garbage = Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01, 0x02]);
      const damaged = sqlite
        .prepare('UPDATE updates SET bytes = ? WHERE record_id = ?')
        .run(garbage, fileId);
      expect(damaged.changes).toBeGreaterThan(0);
    } finally {
      sqlite.close();
    }
  });

  it("puts the clerk's noting in its quarantine, with the district's reason", async () => {
    const { clerk } = world;
    const c = await clerk.context();
    expect((await saveDraft(c, fileId, NOTE)).ok).toBe(true);
    expect((await finaliseDraft(c, fileId)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    // The relay forwards the noting, the district refuses it; the clerk hears at its next sync.
    await eventually(async () => /relay: kept refusal \d+ of /.test(world.relay.output()), 60_000);
    expect(world.relay.output()).toMatch(new RegExp(`district refused ${fileId}: recordDamaged`));
    expect(await clerk.sync()).toBe('synced');
    const [item, ...more] = await listQuarantine(clerk.db);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ recordId: fileId, reason: 'recordDamaged', upstream: true });
    expect(item?.detail).toMatch(/district server’s stored copy of this record is damaged/);
    const texts = item?.events.flatMap((e) => ('text' in e ? [e.text] : [])) ?? [];
    expect(texts).toEqual([NOTE]);
  });

  it('tells the clerk once', async () => {
    const { clerk } = world;
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.quarantine.count()).toBe(1);
  });
});
