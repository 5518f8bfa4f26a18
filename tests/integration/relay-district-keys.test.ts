import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * A tablet set up at the district (its session and signing key made there) is carried
 * into the office and pushes at the relay before the relay's upstream run has taken the
 * district's device keys. The relay learns the session from the district when the
 * tablet first shows it (district-sessions.ts), and must judge the push with the key
 * of that session's device: refused `keyUnknown`, the work was quarantined on the
 * tablet for good while its sync said 'synced', and the person it was sent to never
 * got it (relay-tiers once saw her syncs there end 'failed': the relay's per-person
 * limit, 429, after some ten seconds of polling for the file).
 */

describe("a session the relay learns from the district, and its device's key", () => {
  const clock = createClock(Date.now());
  const random = seeded(2061);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  let tehsildar: Tablet;
  let answering: 'relay' | 'district' = 'relay';
  const oneAddress: TestServer = {
    origin: () => (answering === 'relay' ? relay.url : district.url),
    dataDir: '',
    restart: async () => undefined,
    close: async () => undefined,
  };

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayDir = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayDir);
    district = await startDistrict(districtDir.path);
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    // The upstream link runs at the relay's start and not again within the test: the
    // district's device keys are the ones it had then.
    relay = await startRelay(relayDir.path, district.url, 'VKN', key, {
      PATRAVALI_RELAY_SYNC_MS: '3600000',
      PATRAVALI_RELAY_FALLBACK: district.url,
    });
    tehsildar = tablet({ ...oneAddress, origin: () => relay.url }, clock, random);
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    expect(await tehsildar.sync()).toBe('synced');
    await eventually(async () => (await fetch(`${relay.url}/api/log-key-vouch`)).ok, 60_000);
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it('judges the first push of a tablet signed in at the district with its key', async () => {
    answering = 'district';
    const kanungo = tablet(oneAddress, clock, random);
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await kanungo.sync()).toBe('synced');

    // Carried into the office: the relay answers, and has not taken the district's keys since.
    answering = 'relay';
    const sent = await fileSentTo(kanungo, 'खसरा 61 सीमांकन', TEHSILDAR);
    expect(await kanungo.sync()).toBe('synced');
    const refused = (await kanungo.db.quarantine.toArray()).map((q) => `${q.reason}: ${q.detail}`);
    expect(refused).toEqual([]);
    expect(await kanungo.db.outbox.count()).toBe(0);
    // The tehsildar's tablet at the relay gets it in one sync (learning the key there too).
    expect(await tehsildar.sync()).toBe('synced');
    expect((await tehsildar.db.records.get(sent))?.holder).toBe(TEHSILDAR);
    expect(relay.output()).not.toContain('refused');
  });
});
