import type { Directory } from '@domain/directory.ts';
import { asDeviceId } from '@domain/ids.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { RecordRules } from '../sync/record-rules.ts';
import { DemoSeedError } from './demo-record.ts';
import { buildDemo, DEMO_SEED, startOfIndianDay, type DemoDevice } from './demo-seed.ts';
import { demoSigners } from './demo-signer.ts';

/**
 * Seeding and resetting the demo district's records in server storage. The
 * seed is written in one transaction together with the generation's
 * "seeded" flag, so a crash mid-way leaves either nothing or everything, and
 * a restart never seeds twice.
 */

/** The seed's pretend device: registered once per tehsil, so its record numbers never collide with a real tablet's. */
export const SEED_DEVICE_ID = asDeviceId('5eed0000-0000-4000-8000-000000000001');
const SEED_DEVICE_LABEL = 'demo seed';

export interface DemoDeps {
  readonly storage: ServerStorage;
  readonly rules: RecordRules;
  readonly directory: Directory;
  readonly now: () => number;
  /** Deletes the class's scans from the data directory (see attachments/blob-dir.ts). */
  readonly clearScans?: () => Promise<void>;
}

async function registerSeedDevice(deps: DemoDeps): Promise<Map<OfficeId, number>> {
  const numbers = new Map<OfficeId, number>();
  for (const office of deps.directory.offices) {
    if (office.kind !== 'tehsil') continue;
    const row = await deps.storage.registerDevice(
      SEED_DEVICE_ID,
      office.id,
      SEED_DEVICE_LABEL,
      deps.now(),
    );
    numbers.set(office.id, row.deviceNumber);
  }
  return numbers;
}

/**
 * Registers each person's demo key for the device their seeded items name, so
 * tablets verify the seeded records' signatures against the directory's keys
 * like any others.
 */
async function registerDemoKeys(deps: DemoDeps, devices: readonly DemoDevice[]): Promise<void> {
  for (const { person, device, signer } of devices) {
    const stored = await deps.storage.registerDeviceKey({
      id: signer.keyId,
      person,
      device,
      algorithm: 'Ed25519',
      publicKey: signer.publicKey,
      revokedAt: null,
      createdAt: deps.now(),
      deviceInfo: SEED_DEVICE_LABEL,
    });
    if (!stored) throw new DemoSeedError(`demo key ${signer.keyId} belongs to someone else`);
  }
}

/** Seeds the current generation unless it is seeded already; returns how many records were added. */
export async function seedDemoIfNeeded(deps: DemoDeps): Promise<number> {
  if (await deps.storage.demoSeeded()) return 0;
  const now = deps.now();
  const { items, devices } = buildDemo({
    rules: deps.rules,
    directory: deps.directory,
    deviceNumbers: await registerSeedDevice(deps),
    signers: demoSigners(deps.directory, DEMO_SEED),
    now,
  });
  await registerDemoKeys(deps, devices);
  // Stamped with the seeding day, not the instant: two resets on one day store identical rows.
  const written = await deps.storage.seedDemo(items, startOfIndianDay(now));
  return written ? items.length : 0;
}

export interface ResetResult {
  readonly generation: number;
  readonly records: number;
}

/**
 * Wipes every record (the class's work and the old seed) and, with `reseed`,
 * seeds afresh under the new generation. Accounts, sessions and device
 * registrations stay, so tablets stay signed in and learn of the reset at
 * their next sync.
 */
export async function resetDemo(deps: DemoDeps, reseed: boolean): Promise<ResetResult> {
  const generation = await deps.storage.resetRecords();
  await deps.clearScans?.();
  const records = reseed ? await seedDemoIfNeeded(deps) : 0;
  return { generation, records };
}
