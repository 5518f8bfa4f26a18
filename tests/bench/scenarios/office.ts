import { asDeviceId, type PersonId } from '@domain/ids.ts';
import {
  generateOffice,
  type GeneratedOffice,
  type GenerateOptions,
  type OfficeSpec,
} from '../generate.ts';
import { createBenchDevice, type BenchDevice, type BenchDeviceOptions } from '../lib/device.ts';
import { uuidFrom, type Random } from '../lib/random.ts';
import type { ServerProcess } from '../lib/server.ts';
import { seedRecords, signInOffice, type Sessions } from '../seed.ts';
import type { Counter } from '../lib/wire.ts';

/** One generated office loaded into the running server, with its people signed in. */
export interface OfficeBench {
  readonly server: ServerProcess;
  readonly office: GeneratedOffice;
  readonly sessions: Sessions;
  readonly random: Random;
}

export async function setupOffice(
  server: ServerProcess,
  spec: OfficeSpec,
  records: number,
  seed: number,
  more: Pick<GenerateOptions, 'longFile'> = {},
): Promise<OfficeBench> {
  const office = generateOffice({ spec, records, seed, ...more });
  const sessions = await signInOffice(server.origin, office);
  await seedRecords(sessions, office.records);
  return { server, office, sessions, random: office.random };
}

export function newDevice(
  bench: OfficeBench,
  person: PersonId,
  options: BenchDeviceOptions = {},
): Promise<BenchDevice> {
  return createBenchDevice(
    bench.server.origin,
    person,
    asDeviceId(uuidFrom(bench.random)),
    bench.random,
    undefined,
    options,
  );
}

export const snapshotCounter = (c: Counter): Counter => ({ ...c });

export function counterDelta(now: Counter, before: Counter): Counter {
  return {
    up: now.up - before.up,
    down: now.down - before.down,
    requests: now.requests - before.requests,
    gzip: now.gzip - before.gzip,
  };
}
