import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { fileSentTo } from './tablet-harness.ts';
import { messagesIn } from './wan-http.ts';

/**
 * The district takes its relay back (`admin revoke-relay VKN`), with real
 * processes: the relay says so in its log, stops calling the district (each
 * request it sends over the WAN is counted), and goes on serving the office's
 * tablets on the LAN with what it holds, while nothing of theirs reaches the
 * district through it. The relay's run meets the revocation at its first call,
 * the directory, as a 401 like that of a session that ended: it asks the sync
 * route, which tells the two apart, and is told `accessRevoked`.
 */

describe('a relay the district revoked', () => {
  let world: RelayWorld;

  beforeAll(async () => {
    // Runs every 100 ms, a wait of at most 200 ms while the district cannot be reached.
    world = await startRelayWorld(1822, { PATRAVALI_RELAY_BACKOFF_MS: '200' });
  }, 120_000);
  afterAll(() => world?.close());

  it('logs it, calls the district no more, and still serves its tablets', async () => {
    const { clerk, tehsildar, wan } = world;
    const before = await fileSentTo(clerk, 'खसरा 41 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(before)) !== null, 30_000);
    // The district's word for the relay's log key is had: nothing of it is asked again.
    await eventually(
      async () => world.relay.output().includes('relay: the district vouched for its log key'),
      30_000,
    );

    const sent = wan.record();
    const requests = () => messagesIn(sent()).map((m) => m.line);
    await world.districtAdmin(['revoke-relay', 'VKN']);
    await eventually(
      async () => world.relay.output().includes('relay: the district revoked this relay: '),
      30_000,
    );
    // The run that met the revocation asked the sync route why its session ended; no sign-in after.
    const refused = requests();
    expect(refused).toContain('POST /api/sync HTTP/1.1');
    expect(refused).not.toContain('POST /api/session HTTP/1.1');
    // Its session is forgotten: nothing else (a tablet's token asked about, the vouch) calls
    // with it. Written just after the line above is logged.
    const kept = async () =>
      (
        JSON.parse(await readFile(join(world.relayDir, 'relay-state.json'), 'utf8')) as {
          token: string;
        }
      ).token;
    await eventually(async () => (await kept()) === '', 30_000);

    // The LAN goes on: the clerk's new file reaches the tehsildar through the relay.
    const after = await fileSentTo(clerk, 'खसरा 42 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.records.get(after)).toBeDefined();

    // What a link still running would have called by now: some 20 runs at 100 ms, or
    // ten tries with backoff. Nothing can be awaited for what does not happen; a slow
    // machine makes this wait show less, never fail a relay that is right.
    await new Promise<void>((resolve) => setTimeout(resolve, 2_000));
    expect(requests()).toEqual(refused);
    expect(await world.notesAtDistrict(after)).toBeNull();
    expect(await kept()).toBe('');
  }, 120_000);

  it('restarted, does not start, with the status its systemd unit does not restart (78)', async () => {
    await world.stopRelay('stop');
    // docs/RELAY.md's unit: RestartPreventExitStatus=78 (tests/unit/docs/relay-unit.test.ts).
    await expect(world.startRelay()).rejects.toThrow(
      /exited 78 before listening[\s\S]*the district refused this relay's key/,
    );
  }, 60_000);
});
