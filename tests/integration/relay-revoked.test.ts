import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { fileSentTo, TEHSILDAR } from './tablet-harness.ts';
import { messagesIn } from './wan-http.ts';

/**
 * The district takes its relay back (`admin revoke-relay VKN`), with real
 * processes: the relay says so in its log, calls the district no more, and closes
 * with the status a refused start has (78, which its systemd unit does not
 * restart), so the office's tablets sync with the district's own address
 * (decision 0021). What it took from a tablet while the WAN was down and never
 * passed on reaches the district from that tablet, which kept it (decision 0020),
 * and the tehsildar's tablet gets it there. The relay's run meets the revocation
 * at its first call, the directory, as a 401 like that of a session that ended:
 * it asks the sync route, which tells the two apart, and is told `accessRevoked`.
 */

describe('a relay the district revoked', () => {
  let world: RelayWorld;

  beforeAll(async () => {
    // Runs every 100 ms, a wait of at most 200 ms while the district cannot be reached.
    world = await startRelayWorld(1822, { PATRAVALI_RELAY_BACKOFF_MS: '200' });
  }, 120_000);
  afterAll(() => world?.close());

  it('logs it, calls the district no more, and closes; its tablets sync with the district, losing nothing', async () => {
    const { clerk, tehsildar, wan } = world;
    const before = await fileSentTo(clerk, 'खसरा 41 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(before)) !== null, 30_000);
    // The district's word for the relay's log key is had: nothing of it is asked again.
    await eventually(
      async () => world.relay.output().includes('relay: the district vouched for its log key'),
      30_000,
    );
    // The district's own address, as a relay started with --fallback names it at sign-in.
    for (const t of [clerk, tehsildar])
      await writeKv(t.db, KV_KEYS.syncFallback, world.district.url);

    // While the WAN is down the relay takes the clerk's file, and cannot pass it on.
    wan.cut();
    const withheld = await fileSentTo(clerk, 'खसरा 42 नामांतरण', TEHSILDAR, 'आख्या प्रस्तुत');
    expect(await clerk.sync()).toBe('synced');
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await clerk.db.relayAcked.count()).toBeGreaterThan(0);

    const sent = wan.record();
    const requests = () => messagesIn(sent()).map((m) => m.line);
    await world.districtAdmin(['revoke-relay', 'VKN']);
    wan.restore();
    await eventually(
      async () => world.relay.output().includes('relay: the district revoked this relay: '),
      30_000,
    );
    // It closes with the status its systemd unit does not restart (RestartPreventExitStatus=78).
    await eventually(async () => world.relay.proc.exitCode !== null, 30_000);
    expect(world.relay.proc.exitCode).toBe(78);
    expect(world.relay.output()).toContain('relay: closing: the district refused this relay');
    // The run that met the revocation asked the sync route why its session ended; no sign-in
    // after, and nothing of the clerk's file went up.
    const refused = requests();
    expect(refused).toContain('POST /api/sync HTTP/1.1');
    expect(refused).not.toContain('POST /api/session HTTP/1.1');
    expect(await world.notesAtDistrict(withheld)).toBeNull();
    // Its session is forgotten.
    const kept = JSON.parse(await readFile(join(world.relayDir, 'relay-state.json'), 'utf8')) as {
      token: string;
    };
    expect(kept.token).toBe('');

    // The clerk's tablet misses its address twice, then syncs at the district's own, and sends
    // it the file the relay took: the tehsildar's tablet gets it there.
    await eventually(async () => (await clerk.sync()) === 'synced', 30_000);
    expect(await world.notesAtDistrict(withheld)).toEqual(['आख्या प्रस्तुत']);
    expect(await clerk.db.relayAcked.count()).toBe(0);
    expect(await clerk.db.outbox.count()).toBe(0);
    await eventually(async () => (await tehsildar.sync()) === 'synced', 30_000);
    expect(await tehsildar.db.records.get(withheld)).toBeDefined();
  }, 120_000);

  it('restarted, does not start, with the status its systemd unit does not restart (78)', async () => {
    // docs/RELAY.md's unit: RestartPreventExitStatus=78 (tests/unit/docs/relay-unit.test.ts).
    await expect(world.startRelay()).rejects.toThrow(
      /exited 78 before listening[\s\S]*the district refused this relay's key/,
    );
  }, 60_000);
});
