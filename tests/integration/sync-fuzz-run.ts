import { expect } from 'vitest';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { FuzzDevice } from './sync-fuzz-device.ts';
import { MemoryNet, type Message } from './sync-fuzz-net.ts';
import { pick, randomEdit, type Random } from './sync-fuzz-ops.ts';
import { startMemoryServer, type MemoryServer } from './sync-fuzz-server.ts';
import { createClock } from './sync-harness.ts';
import {
  expectDeviceProjection,
  expectMatchesServer,
  expectServerProjection,
} from './sync-invariants.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * One fuzz run: 2-5 tablets (sometimes one person on two, sometimes people of
 * other offices and the DM) edit at random while the memory network delivers,
 * loses, duplicates and reorders their sync messages; tablets go offline,
 * restart and change hands, and the server restarts. Then everything on the
 * wire arrives, every tablet syncs until clean, and the invariants of
 * sync-invariants.ts must hold. Everything follows from the seed.
 */

const MINUTE = 60_000;
/** Tehsil Vikasnagar's staff most often; a Chakrata clerk and the DM to cross offices. */
const PEOPLE = [
  'clerk.vikasnagar',
  'kanungo.vikasnagar',
  'naib.vikasnagar',
  'tehsildar.vikasnagar',
  'sdm.vikasnagar',
  'clerk.chakrata',
  'dm.dehradun',
];
const WEIGHTS = [4, 3, 3, 3, 1, 1, 1];

export interface FuzzSummary {
  readonly devices: number;
  readonly edits: number;
  readonly records: number;
  readonly conflicts: number;
  readonly wire: MemoryNet['stats'];
}

/** Thrown with the run's log attached, so a failing seed can be read as a story. */
export class FuzzFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly log: readonly string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'FuzzFailure';
  }
}

function weighted(random: Random): string {
  let roll = random() * WEIGHTS.reduce((a, b) => a + b, 0);
  for (const [i, w] of WEIGHTS.entries()) {
    roll -= w;
    if (roll < 0) return PEOPLE[i]!;
  }
  return PEOPLE[0]!;
}

const officeOf = (person: string): string => person.split('.')[1] ?? '';

/** Runs one seed; `tell` hears the story line by line as it happens (for a replay). */
export async function runFuzz(
  seed: number,
  steps: number,
  tell?: (line: string) => void,
): Promise<FuzzSummary> {
  const random = mulberry32(seed);
  const clock = createClock();
  const shape = {
    syncPageBytes: pick(random, [undefined, 700, 4000]),
    compactAfterRows: pick(random, [undefined, 3, 10]),
  };
  // The server draws its tokens and keys from a stream of its own, so a change in
  // how many it draws does not rewrite the tablets' story for the same seed.
  const server = await startMemoryServer(clock, mulberry32(seed ^ 0x5eed), shape);
  const net = new MemoryNet((request) => server.handle(request));
  const devices: FuzzDevice[] = [];
  const log: string[] = [];
  const say = (line: string): void => {
    log.push(line);
    tell?.(line);
  };
  try {
    const count = 2 + Math.floor(random() * 4);
    for (let i = 0; i < count; i++) {
      const skewMs = Math.floor((random() - 0.5) * 10 * MINUTE);
      const pageBytes = pick(random, [undefined, 900, 3000]);
      const deps = { net, server, clock, random };
      devices.push(await FuzzDevice.create(`t${i}`, weighted(random), deps, { skewMs, pageBytes }));
    }
    say(`server: ${JSON.stringify(shape)}`);
    say(`tablets: ${devices.map((d) => `${d.label}=${d.person}`).join(', ')}`);
    const people = [...new Set(devices.map((d) => d.person))];
    let edits = 0;
    for (let step = 0; step < steps; step++) {
      clock.advance(Math.floor(random() * 10 * MINUTE));
      const line = await fuzzStep(random, step, devices, net, server, people);
      if (line.startsWith('edit')) edits++;
      say(`${step}: ${line}`);
    }
    say('final: everything arrives, every tablet syncs until clean');
    await finish(random, devices, net);
    await checkAll(devices, server, clock.now());
    const records = await devices[0]!.db.records.toArray();
    const conflicts = records.length === 0 ? 0 : await countConflicts(devices[0]!, clock.now());
    return { devices: count, edits, records: records.length, conflicts, wire: net.stats };
  } catch (e) {
    throw new FuzzFailure(e, log);
  } finally {
    for (const d of devices) await d.destroy();
    await server.close();
  }
}

async function fuzzStep(
  random: Random,
  step: number,
  devices: readonly FuzzDevice[],
  net: MemoryNet,
  server: MemoryServer,
  people: readonly string[],
): Promise<string> {
  const d = pick(random, devices)!;
  const roll = random();
  const wire = net.messages;
  if (roll < 0.34) return `edit ${d.label}: ${await randomEdit(d.ctx, random, step, people)}`;
  if (roll < 0.72 && wire.length > 0) {
    const i = Math.floor(random() * wire.length);
    const m = wire[i]!;
    if (roll < 0.66) {
      await net.deliver(i);
      await owner(devices, m)?.settle();
      return `deliver ${describe(m)}`;
    }
    if (roll < 0.7) {
      net.lose(i);
      await owner(devices, m)?.settle();
      return `lose ${describe(m)}`;
    }
    if (m.kind === 'request') {
      net.duplicate(i);
      return `duplicate ${describe(m)}`;
    }
  }
  if (roll < 0.8) {
    d.sync();
    await d.settle();
    return `sync ${d.label}`;
  }
  if (roll < 0.87) {
    // Back online sooner than off again: tablets are offline for stretches, not half the time.
    const online = !net.isOnline(d.label);
    if (!online && random() < 0.6) return `${d.label}: stays online`;
    net.setOnline(d.label, online);
    await d.settle();
    return `${d.label} ${online ? 'online' : 'offline'}`;
  }
  if (roll < 0.92) {
    await d.restart();
    return `restart ${d.label}`;
  }
  if (roll < 0.95 && net.isOnline(d.label)) {
    const colleagues = people.filter((p) => officeOf(p) === officeOf(d.person) && p !== d.person);
    const next = pick(random, colleagues);
    if (next === undefined) return `${d.label}: nobody to hand over to`;
    await d.switchPerson(next);
    return `${d.label} hands over to ${next}`;
  }
  if (roll < 0.965) {
    await server.restart();
    return 'server restart';
  }
  return `${d.label}: nothing`;
}

const owner = (devices: readonly FuzzDevice[], m: Message): FuzzDevice | undefined =>
  devices.find((d) => d.label === m.call.from);

function describe(m: Message): string {
  const bytes = m.kind === 'request' ? m.request.body.byteLength : m.answer.body.byteLength;
  return `${m.kind} #${m.call.id} of ${m.call.from} (${bytes} B)`;
}

/** Every tablet online, everything on the wire delivered, then syncs until each is clean. */
async function finish(random: Random, devices: readonly FuzzDevice[], net: MemoryNet) {
  for (const d of devices) net.setOnline(d.label, true);
  await drain(random, devices, net);
  for (let pass = 0; pass < 2; pass++) {
    for (const d of devices) await syncUntilClean(random, d, devices, net);
  }
}

async function drain(random: Random, devices: readonly FuzzDevice[], net: MemoryNet) {
  while (net.messages.length > 0) {
    const i = Math.floor(random() * net.messages.length);
    const m = net.messages[i]!;
    await net.deliver(i);
    await owner(devices, m)?.settle();
  }
}

async function syncUntilClean(
  random: Random,
  d: FuzzDevice,
  devices: readonly FuzzDevice[],
  net: MemoryNet,
) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const outcome = d.sync();
    await d.settle();
    await drain(random, devices, net);
    const result = await outcome;
    if (result.kind === 'synced' && (await d.db.outbox.count()) === 0) return;
  }
  throw new Error(`${d.label}: no clean sync in 20 attempts`);
}

async function checkAll(devices: readonly FuzzDevice[], server: MemoryServer, now: number) {
  const storage = server.storage();
  await expectServerProjection(storage, now);
  for (const d of devices) {
    await expectDeviceProjection(d.db, d.label);
    await expectMatchesServer({ label: d.label, db: d.db, person: d.ctx.person }, storage, now);
    const refused = await d.db.quarantine.toArray();
    // Only a handed-over tablet may push what its new person cannot (another office's file).
    const expected = d.handedOver ? refused.filter((q) => q.reason !== 'outOfScope') : refused;
    expect(expected, `${d.label}: quarantined changes`).toEqual([]);
  }
}

async function countConflicts(device: FuzzDevice, now: number): Promise<number> {
  let n = 0;
  for (const r of await device.db.records.toArray()) {
    const doc = await loadRecordDoc(device.db, r.id);
    n += stateOfDoc(doc, now)?.conflicts.length ?? 0;
    doc.destroy();
  }
  return n;
}
