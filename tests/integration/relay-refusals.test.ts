import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { createFile, finaliseDraft, markOpened, saveDraft, sendRecord } from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { CLERK, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * The district's refusal of work an office relay had taken reaches the tablet
 * whose work it was (decision 0013), with real processes: district, relay, the
 * WAN between them through a proxy the test cuts. With the WAN down the
 * tehsildar notes on a file at the relay and sends it to the clerk, who notes
 * and sends it back; the relay takes both. The district revokes the tehsildar's
 * tablet meanwhile; when the WAN returns the relay forwards the file's update
 * (both notings: the clerk's builds on the tehsildar's), and the district
 * refuses it. The clerk's tablet, whose outbox the relay had emptied, finds its
 * noting in its quarantine with the district's reason, at its next sync at the
 * relay, after the relay was killed (-9) and then stopped as systemd stops it,
 * each time started again on its data directory; neither the district nor the
 * relay keeps the refused notings.
 */

describe("the district's refusal of relay-forwarded work reaches the tablet", () => {
  let world: RelayWorld;
  let clerk: Tablet;
  let tehsildar: Tablet;
  let fileId: RecordId;
  const CLERK_NOTE = 'खसरा सत्यापित, आदेश हेतु प्रस्तुत';
  const TEHSILDAR_NOTE = 'सत्यापन कर प्रस्तुत करें';

  async function noteAndSend(ctx: DeviceContext, text: string, to: PersonId) {
    expect((await saveDraft(ctx, fileId, text)).ok).toBe(true);
    expect((await finaliseDraft(ctx, fileId)).ok).toBe(true);
    const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(ctx, fileId, move)).ok).toBe(true);
  }

  beforeAll(async () => {
    world = await startRelayWorld(1812);
    ({ clerk, tehsildar } = world);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('the file reaches the district with the WAN up', async () => {
    const c = await clerk.context();
    const file = await createFile(c, { subject: 'खसरा 44 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const move = {
      to: TEHSILDAR,
      remarks: 'अवलोकनार्थ',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(c, fileId, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(fileId)) !== null, 30_000);
  });

  it('with the WAN cut the relay takes both notings; the clerk has nothing left to send', async () => {
    world.wan.cut();
    expect(await tehsildar.sync()).toBe('synced');
    const t = await tehsildar.context();
    expect((await markOpened(t, fileId)).ok).toBe(true);
    await noteAndSend(t, TEHSILDAR_NOTE, CLERK);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    await noteAndSend(await clerk.context(), CLERK_NOTE, TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await clerk.db.quarantine.count()).toBe(0);
  });

  it("puts the district's refusal in the clerk's quarantine, with the reason in Hindi and English", async () => {
    await world.districtAdmin(['revoke-device', 'tehsildar.vikasnagar', tehsildar.deviceId]);
    world.wan.restore();
    // The relay keeps the refusal while the clerk's tablet is away, through a kill -9.
    await eventually(async () => /relay: kept refusal \d+ of /.test(world.relay.output()), 60_000);
    await world.stopRelay('kill');
    await world.startRelay();
    // Stopped as systemd stops it, the relay closes its SQLite file whole: the refusal
    // is in the file itself, with no write-ahead log left beside it, and a restart has it.
    await world.stopRelay('stop');
    expect(existsSync(join(world.relayDir, `${SQLITE_FILE}-wal`))).toBe(false);
    await world.startRelay();
    expect(await clerk.sync()).toBe('synced');
    const [item, ...more] = await listQuarantine(clerk.db);
    expect(more).toEqual([]);
    expect(item).toMatchObject({ recordId: fileId, reason: 'keyRevoked', upstream: true });
    expect(item?.detail).toMatch(/revoked/);
    const texts = item?.events.flatMap((e) => ('text' in e ? [e.text] : [])) ?? [];
    expect(texts).toContain(CLERK_NOTE);
    // What the quarantine list shows for it, in both languages.
    for (const catalog of [en, hi]) {
      expect(catalog['refusal.keyRevoked']).not.toBe('');
      expect(catalog['refusal.upstream']).not.toBe('');
    }
    // The clerk's copy is set back to the district's: the file is with the tehsildar, unnoted.
    const state = stateOfDoc(await loadRecordDoc(clerk.db, fileId), world.clock.now());
    expect(state?.holder).toBe(TEHSILDAR);
    expect(state?.notes).toEqual([]);
  });

  it('stores nothing the district refused, at the district or at the relay', async () => {
    expect(await world.notesAtDistrict(fileId)).toEqual([]);
    expect(await world.notesAtRelay(fileId)).toEqual([]);
  });

  it('tells the clerk once: the next syncs bring no second copy', async () => {
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.quarantine.count()).toBe(1);
  });
});
