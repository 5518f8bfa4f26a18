import type { Directory, Person, Role } from '@domain/directory.ts';
import { asDeviceId, asOfficeId, asPersonId } from '@domain/ids.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import type { DeviceContext } from '@storage/services.ts';

/** Test fixtures for the device store: a small directory, fake clocks, fresh databases. */

const office = asOfficeId('vikasnagar');

function person(id: string, role: Role, en: string): Person {
  return {
    id: asPersonId(id),
    name: { hi: en, en },
    designation: { hi: role, en: role },
    role,
    office,
  };
}

export const clerk = person('clerk.vikasnagar', 'deskAssistant', 'Ramesh');
export const naib = person('naib.vikasnagar', 'naibTehsildar', 'Sunita');
export const tehsildar = person('tehsildar.vikasnagar', 'tehsildar', 'Anil');
export const sdm = person('sdm.vikasnagar', 'sdm', 'Meena');

export const directory: Directory = {
  version: 1,
  district: { id: 'dehradun', name: { hi: 'देहरादून', en: 'Dehradun' } },
  offices: [
    { id: office, code: 'VKN', kind: 'tehsil', name: { hi: 'विकासनगर', en: 'Vikasnagar' } },
  ],
  people: [clerk, naib, tehsildar, sdm],
};

/** A clock the test moves by hand. */
export interface FakeClock {
  readonly now: () => number;
  advance(ms: number): void;
}
export function fakeClock(start = Date.UTC(2026, 3, 1, 5, 0, 0)): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Deterministic UUIDs: `prefix` keeps two devices' ids apart. */
export function idSource(prefix: number): () => string {
  let n = 0;
  return () =>
    `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

let dbCount = 0;
export function freshDb(tag: string): PatravaliDb {
  return openDb(`${tag}-${Date.now()}-${dbCount++}`);
}

/** One tablet: a fresh database and one id source shared by everyone who signs in on it. */
export interface TestDevice {
  readonly db: PatravaliDb;
  as(who: Person): DeviceContext;
}

export function testDevice(
  tag: string,
  clock: FakeClock,
  opts: { deviceNumber?: number; idPrefix?: number; deviceId?: string } = {},
): TestDevice {
  const db = freshDb(tag);
  const newId = idSource(opts.idPrefix ?? 1);
  const deviceId = asDeviceId(
    opts.deviceId ?? `dddddddd-0000-4000-8000-${String(opts.idPrefix ?? 1).padStart(12, '0')}`,
  );
  return {
    db,
    as: (who) => ({
      db,
      person: who,
      directory,
      deviceId,
      deviceNumber: opts.deviceNumber ?? 3,
      now: clock.now,
      newId,
    }),
  };
}

export const DAY = 24 * 60 * 60 * 1000;

/** Unwraps an Outcome in a test, failing with its error code. */
export function must<T>(
  o: { ok: true; value: T } | { ok: false; error: string; detail?: string },
): T {
  if (!o.ok) throw new Error(`expected ok, got ${o.error}${o.detail ? ` (${o.detail})` : ''}`);
  return o.value;
}
