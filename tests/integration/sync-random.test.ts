import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asPersonId } from '@domain/ids.ts';
import {
  closeFile,
  createFile,
  diariseReceipt,
  markOpened,
  park,
  pullBack,
  reopen,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import { expectConverged, syncAll } from './sync-converge-helpers.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  startServer,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Seeded random sync: N devices make random edits, go offline at random, lose
 * requests and responses at random, and the server restarts at random; in the
 * end every device must hold the same records, identically. A failing run
 * prints its seed; replay it with PATRAVALI_SYNC_SEED=<seed>, and keep it as a
 * named case below once fixed.
 */

const PEOPLE = [
  'clerk.vikasnagar',
  'kanungo.vikasnagar',
  'naib.vikasnagar',
  'tehsildar.vikasnagar',
];
const MINUTE = 60_000;

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T | undefined =>
  items[Math.floor(random() * items.length)];

async function randomEdit(device: TestDevice, random: Random, step: number): Promise<void> {
  const { ctx } = device;
  const me = ctx.person.id;
  const records = await ctx.db.records.toArray();
  const mine = records.filter((r) => r.holder === me);
  const target = pick(random, mine);
  const colleague = asPersonId(
    pick(
      random,
      PEOPLE.filter((p) => p !== me),
    ) ?? PEOPLE[0]!,
  );
  const roll = random();
  if (target === undefined || roll < 0.15) {
    await createFile(ctx, { subject: `File ${step}`, category: 'revenue' });
  } else if (roll < 0.22) {
    await diariseReceipt(ctx, {
      from: 'Collectorate',
      letterNumber: `${step}/2026`,
      letterDate: '2026-05-01',
      subject: `Letter ${step}`,
      category: 'others',
      mode: 'post',
    });
  } else if (roll < 0.5) {
    await saveDraft(ctx, target.id, `Noting at step ${step} by ${me}`);
    await sendRecord(ctx, target.id, {
      to: colleague,
      remarks: `step ${step}`,
      dueDate: null,
      priority: 'normal',
    });
  } else if (roll < 0.65) {
    await markOpened(ctx, target.id);
  } else if (roll < 0.75) {
    const sent = records.filter((r) => r.lastSender === me && r.awaitingOpen);
    const back = pick(random, sent);
    if (back) await pullBack(ctx, back.id);
  } else if (roll < 0.85) {
    await park(ctx, target.id, 'awaiting report');
  } else if (roll < 0.93) {
    await closeFile(ctx, target.id, 'done');
  } else {
    await reopen(ctx, target.id);
  }
}

async function runScenario(seed: number, steps: number): Promise<void> {
  const random = mulberry32(seed);
  const clock = createClock();
  server = await startServer(clock, random);
  const devices: TestDevice[] = [];
  const count = 2 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    // Sometimes one person on two tablets: the way offline moves come to conflict.
    const person = pick(random, PEOPLE) ?? PEOPLE[0]!;
    devices.push(
      await createDevice(server, person, clock, random, Math.floor((random() - 0.5) * 10 * MINUTE)),
    );
  }
  const stats = { edits: 0, syncs: 0, failedSyncs: 0, restarts: 0, toggles: 0 };
  for (let step = 0; step < steps; step++) {
    clock.advance(Math.floor(random() * 30 * MINUTE));
    const device = pick(random, devices)!;
    const roll = random();
    if (roll < 0.12) {
      device.link.online = !device.link.online;
      stats.toggles++;
    } else if (roll < 0.6) {
      await randomEdit(device, random, step);
      stats.edits++;
    } else if (roll < 0.95) {
      device.link.dropRequest = random() < 0.3 ? 0.5 : 0;
      device.link.dropResponse = random() < 0.3 ? 0.5 : 0;
      const outcome = await device.engine.syncNow();
      stats.syncs++;
      if (outcome.kind !== 'synced') stats.failedSyncs++;
    } else {
      await server.restart();
      stats.restarts++;
    }
  }
  for (const d of devices) Object.assign(d.link, { online: true, dropRequest: 0, dropResponse: 0 });
  await syncAll(devices);
  await expectConverged(devices, clock.now());
  for (const d of devices) {
    expect(await d.db.outbox.count(), `${d.label} outbox`).toBe(0);
    expect(await d.db.quarantine.count(), `${d.label} quarantine`).toBe(0);
  }
  const records = await devices[0]!.db.records.toArray();
  expect(records.length).toBeGreaterThan(0);
  const moved = records.filter((r) => r.participants.length > 1).length;
  const snap = await snapshotDevice(devices[0]!, clock.now());
  const conflicts = [...snap.values()].reduce((n, r) => n + (r.state?.conflicts.length ?? 0), 0);
  const summary = { devices: count, ...stats, records: records.length, moved, conflicts };
  console.log(`seed ${seed}: ${JSON.stringify(summary)}`);
}

async function runSeed(seed: number, steps = 80): Promise<void> {
  try {
    await runScenario(seed, steps);
  } catch (e) {
    console.error(
      `sync random test failed with seed ${seed}; replay: PATRAVALI_SYNC_SEED=${seed} npx vitest run --project integration tests/integration/sync-random.test.ts`,
    );
    throw e;
  }
}

const replay = process.env['PATRAVALI_SYNC_SEED'];

describe('seeded random sync', () => {
  if (replay !== undefined) {
    it(`replays seed ${replay}`, () => runSeed(Number(replay)), 300_000);
  }
  const seeds = Array.from(
    { length: Number(process.env['PATRAVALI_SYNC_SEEDS'] ?? 4) },
    (_, i) => 1 + i * 7919,
  );
  it.each(seeds)('seed %i converges', (seed) => runSeed(seed), 120_000);
});
