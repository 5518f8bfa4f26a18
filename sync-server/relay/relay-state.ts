import { existsSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';

/**
 * What an office relay keeps of its upstream link, in `relay-state.json` in its
 * data directory: its identity there, the district's directory, and how far it
 * got both ways. Written whole to a temporary file, flushed, then renamed over
 * the old one, so a relay killed at any moment finds the last complete state;
 * the cursors it finds may lag what its SQLite holds, which only repeats work
 * the district and the relay both recognise as done (decision 0010).
 */

export interface RelayState {
  /** The relay's device id at the district (chosen once, at its first start). */
  readonly deviceId: DeviceId;
  /** The district's session token; empty until signed in. */
  readonly token: string;
  readonly directory: Directory | null;
  /** The district's log position the relay has stored everything up to. */
  readonly cursor: number;
  /** The district's data generation the cursor belongs to. */
  readonly generation: number;
  /** The relay's own log position up to which its tablets' work has reached the district. */
  readonly pushed: number;
  /**
   * The district's time of the newest revocation of the office's people the relay
   * has applied (absent in a state file written before revocations reached relays).
   */
  readonly revokedUpTo?: number;
  /**
   * Its cursor counts from a pull that brought the district's log positions of what it
   * held (decision 0010, amendment 4); absent in a state file written before: such a
   * relay pulls its office's files again from the start once.
   */
  readonly districtOrder?: true;
}

export const STATE_FILE = 'relay-state.json';

export function readRelayState(dataDir: string): RelayState | null {
  const path = join(dataDir, STATE_FILE);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as RelayState;
}

/** Writes `value` as `<dataDir>/<name>`: whole to a temporary file, flushed, then renamed. */
export async function writeJsonFile(dataDir: string, name: string, value: unknown): Promise<void> {
  const path = join(dataDir, name);
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(JSON.stringify(value));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}

export async function writeRelayState(dataDir: string, state: RelayState): Promise<void> {
  await writeJsonFile(dataDir, STATE_FILE, state);
}

/** A value kept in `<dataDir>/<name>`, read at open (`empty` if there is no file yet). */
export interface KeptJson<T> {
  get(): T;
  /**
   * Writes `next` of the current value whole, one change at a time, and takes it
   * as the value once written: a write that fails changes nothing, on disk or here.
   */
  change(next: (value: T) => T): Promise<void>;
}

export function keptJson<T>(dataDir: string, name: string, empty: T): KeptJson<T> {
  const path = join(dataDir, name);
  let value: T = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : empty;
  let writing: Promise<void> = Promise.resolve();
  return {
    get: () => value,
    change(next) {
      // One failed write does not stop the next change.
      writing = writing
        .catch(() => undefined)
        .then(async () => {
          const changed = next(value);
          await writeJsonFile(dataDir, name, changed);
          value = changed;
        });
      return writing;
    },
  };
}
