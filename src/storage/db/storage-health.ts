/**
 * Whether the browser may evict this device's data, and how much room is
 * left. Stores nothing; reads the StorageManager of the navigator it is given
 * (injected, so tests pass fakes and no global is touched).
 */

/** The part of `navigator` this module uses; every member is optional (old browsers lack them). */
export interface StorageNavigator {
  readonly storage?: {
    persisted?(): Promise<boolean>;
    persist?(): Promise<boolean>;
    estimate?(): Promise<{ usage?: number; quota?: number }>;
  };
}

export type Persistence = boolean | 'unknown';

export interface StorageHealth {
  /** true: the browser will not evict our data under pressure; 'unknown': it cannot say. */
  readonly persistent: Persistence;
  /** Bytes, or null when the browser gives no estimate. */
  readonly usage: number | null;
  readonly quota: number | null;
  readonly available: number | null;
  readonly lowSpace: boolean;
  /** Show the "storage is not persistent" warning (only when the browser says so, not when unknown). */
  readonly notPersistentWarning: boolean;
}

/** Low when under 10 % of the quota or under 200 MB is left — scans of dak are a few MB each. */
export const LOW_SPACE_FRACTION = 0.1;
export const LOW_SPACE_BYTES = 200 * 1024 * 1024;

export async function checkStorage(nav: StorageNavigator): Promise<StorageHealth> {
  const [persistent, estimate] = await Promise.all([persistedState(nav), estimateOf(nav)]);
  const { usage, quota } = estimate;
  const available = usage !== null && quota !== null ? Math.max(0, quota - usage) : null;
  return {
    persistent,
    usage,
    quota,
    available,
    lowSpace: isLowSpace(available, quota),
    notPersistentWarning: persistent === false,
  };
}

export function isLowSpace(available: number | null, quota: number | null): boolean {
  if (available === null || quota === null) return false;
  return available < LOW_SPACE_BYTES || available < quota * LOW_SPACE_FRACTION;
}

/**
 * Asks the browser to keep our data (called on sign-in). Returns the
 * resulting state; a browser that refuses or throws leaves it `false`, one
 * without the API `'unknown'`. Never throws: signing in must not fail on this.
 */
export async function requestPersistence(nav: StorageNavigator): Promise<Persistence> {
  const already = await persistedState(nav);
  if (already === true) return true;
  const persist = nav.storage?.persist;
  if (!persist) return already;
  try {
    return await persist.call(nav.storage);
  } catch {
    return false;
  }
}

async function persistedState(nav: StorageNavigator): Promise<Persistence> {
  const persisted = nav.storage?.persisted;
  if (!persisted) return 'unknown';
  try {
    return await persisted.call(nav.storage);
  } catch {
    return 'unknown';
  }
}

async function estimateOf(
  nav: StorageNavigator,
): Promise<{ usage: number | null; quota: number | null }> {
  const estimate = nav.storage?.estimate;
  if (!estimate) return { usage: null, quota: null };
  try {
    const e = await estimate.call(nav.storage);
    return { usage: finiteOrNull(e.usage), quota: finiteOrNull(e.quota) };
  } catch {
    return { usage: null, quota: null };
  }
}

function finiteOrNull(n: number | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}
