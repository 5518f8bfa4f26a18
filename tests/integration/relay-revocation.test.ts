import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFile, sendRecord } from '@storage/services.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * A person (or one device of theirs) revoked at the district loses their sessions
 * at the office relay too (decision 0010): the relay learns the revocation at its
 * next upstream run, its tablet is told `accessRevoked` there, and work the tablet
 * made meanwhile is taken by neither tier. Sessions begun after the revocation (the
 * person signed in again) and the person's other devices stay. And when the
 * district ends the relay's own session, the relay signs in again and syncs on.
 */

describe('a revocation at the district reaches the office relay', () => {
  const clock = createClock(Date.now());
  const random = seeded(1819);
  const dirs: { remove: () => Promise<void> }[] = [];
  let districtDir = '';
  let relayDir = '';
  let district: Child;
  let relay: Child;
  let clerk: Tablet;
  let tehsildar: Tablet;
  /** The tehsildar's second tablet. */
  let spare: Tablet;
  const reader = deviceUuid(93);
  let readerToken = '';

  const revokedUpTo = () =>
    (
      JSON.parse(readFileSync(join(relayDir, 'relay-state.json'), 'utf8')) as {
        revokedUpTo?: number;
      }
    ).revokedUpTo ?? 0;

  beforeAll(async () => {
    const d = await tempDir('patravali-district-');
    const r = await tempDir('patravali-relay-');
    dirs.push(d, r);
    districtDir = d.path;
    relayDir = r.path;
    district = await startDistrict(districtDir);
    const printed = await runAdminProcess(districtDir, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    relay = await startRelay(relayDir, district.url, 'VKN', key);
    const at: TestServer = {
      origin: () => relay.url,
      dataDir: relayDir,
      restart: async () => undefined,
      close: async () => undefined,
    };
    clerk = tablet(at, clock, random);
    tehsildar = tablet(at, clock, random);
    spare = tablet(at, clock, random);
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    expect(await spare.signIn('tehsildar.vikasnagar')).toMatchObject({ ok: true });
    for (const t of [clerk, tehsildar, spare]) expect(await t.sync()).toBe('synced');
    readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it("ends a revoked person's session at the relay; what their tablet made is taken nowhere", async () => {
    await runAdminProcess(districtDir, ['revoke', 'clerk.vikasnagar']);
    await eventually(async () => revokedUpTo() > 0, 30_000);

    const ctx = await clerk.context();
    const file = await createFile(ctx, { subject: 'खसरा 31 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    const move = {
      to: TEHSILDAR,
      remarks: 'अवलोकनार्थ',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(ctx, file.value.id, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('accessRevoked');

    expect(await tehsildar.sync()).toBe('synced');
    expect(await tehsildar.db.records.get(file.value.id)).toBeUndefined();
    const there = await pullAll(district.url, readerToken, reader);
    expect(there.byRecord.has(file.value.id)).toBe(false);
  });

  it('keeps a session begun after the revocation (the person signed in again)', async () => {
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await clerk.sync()).toBe('synced');
  });

  it('ends the session of a revoked device only, not the same person on another', async () => {
    const before = revokedUpTo();
    await runAdminProcess(districtDir, [
      'revoke-device',
      'tehsildar.vikasnagar',
      tehsildar.deviceId,
    ]);
    await eventually(async () => revokedUpTo() > before, 30_000);
    expect(await tehsildar.sync()).toBe('accessRevoked');
    expect(await spare.sync()).toBe('synced');
    // The relay's later runs left the clerk's new session alone.
    expect(await clerk.sync()).toBe('synced');
  });

  it("signs in again when the district ends the relay's own session, and syncs on", async () => {
    const listed = await runAdminProcess(districtDir, ['list-sessions']);
    const ours = listed.split('\n').filter((l) => l.startsWith('relay:vikasnagar\t'));
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours)
      await runAdminProcess(districtDir, ['revoke-token', line.split('\t')[2] ?? '']);
    const ctx = await clerk.context();
    const file = await createFile(ctx, { subject: 'खसरा 32 नामांतरण', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    const move = {
      to: TEHSILDAR,
      remarks: 'अवलोकनार्थ',
      dueDate: null,
      priority: 'normal' as const,
    };
    expect((await sendRecord(ctx, file.value.id, move)).ok).toBe(true);
    expect(await clerk.sync()).toBe('synced');
    await eventually(
      async () => (await pullAll(district.url, readerToken, reader)).byRecord.has(file.value.id),
      30_000,
    );
  });
});
