import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { syncAll } from './sync-converge-helpers.ts';
import { pick, randomEdit } from './sync-fuzz-ops.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  startServer,
  type OwnServer,
  type TestDevice,
} from './sync-harness.ts';
import {
  expectDeviceProjection,
  expectMatchesServer,
  expectServerProjection,
} from './sync-invariants.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Seeded random sync over real HTTP (the real server on a port, fetch and
 * gzip as the browser uses them): N devices make random edits, go offline at
 * random, lose requests and responses at random, and the server restarts at
 * random; in the end every device must hold exactly the server's records in
 * its scope, and every projection row must equal the fold of its records
 * (sync-invariants.ts). Fresh seeds every run; a failing run prints its seed,
 * replay it with PATRAVALI_SYNC_SEED=<seed>, and keep it in REGRESSIONS once
 * understood. The memory-network fuzzer (sync-fuzz.test.ts) explores the
 * same stories faster and with reordering; this keeps the real path covered.
 */

const PEOPLE = [
  'clerk.vikasnagar',
  'kanungo.vikasnagar',
  'naib.vikasnagar',
  'tehsildar.vikasnagar',
  'dm.dehradun',
];
const MINUTE = 60_000;
/** Seeds of earlier runs kept as named cases (none has failed over HTTP yet). */
const REGRESSIONS: readonly number[] = [1];

let server: OwnServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

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
  const people = [...new Set(devices.map((d) => d.ctx.person.id))];
  const stats = { edits: 0, syncs: 0, failedSyncs: 0, restarts: 0, toggles: 0 };
  for (let step = 0; step < steps; step++) {
    clock.advance(Math.floor(random() * 30 * MINUTE));
    const device = pick(random, devices)!;
    const roll = random();
    if (roll < 0.12) {
      device.link.online = !device.link.online;
      stats.toggles++;
    } else if (roll < 0.6) {
      await randomEdit(device.ctx, random, step, people);
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
  const now = clock.now();
  await expectServerProjection(server.storage(), now);
  for (const d of devices) {
    expect(await d.db.outbox.count(), `${d.label} outbox`).toBe(0);
    expect(await d.db.quarantine.count(), `${d.label} quarantine`).toBe(0);
    await expectDeviceProjection(d.db, d.label);
    await expectMatchesServer({ ...d, person: d.ctx.person }, server.storage(), now);
  }
  const records = await devices[0]!.db.records.toArray();
  expect(records.length).toBeGreaterThan(0);
  const moved = records.filter((r) => r.participants.length > 1).length;
  const snap = await snapshotDevice(devices[0]!, now);
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

describe('seeded random sync over HTTP', () => {
  if (replay !== undefined) {
    it(`replays seed ${replay}`, () => runSeed(Number(replay)), 300_000);
  }
  it.each(REGRESSIONS)('seed %i converges', (seed) => runSeed(seed), 120_000);
  const fresh = Array.from(
    { length: Number(process.env['PATRAVALI_SYNC_SEEDS'] ?? 2) },
    () => crypto.getRandomValues(new Uint32Array(1))[0]!,
  );
  it.each(fresh)('fresh seed %i converges', (seed) => runSeed(seed), 120_000);
});
