import { openSyncPort, type PatravaliDb } from '@storage/services.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineDeps } from '@sync/engine.ts';
import { startWithPracticeOffline } from './practice-offline.ts';

/**
 * The sync engine's start for a signed-in person (session-sync.ts loads this
 * module after sign-in): the engine, its port to the device store and the
 * codec, checks and transport behind them are not needed to show the inbox,
 * so they stay out of the app shell.
 */
export interface StartedSync {
  readonly engine: SyncEngine;
  /** Stops following the "practice offline" switch (the caller stops the engine). */
  readonly unfollow: () => void;
}

export async function startSync(
  deps: Omit<SyncEngineDeps, 'port'> & { readonly db: PatravaliDb },
  stopped: () => boolean,
): Promise<StartedSync | null> {
  const port = await openSyncPort(deps.db, deps.now);
  // What an earlier build held back (a record it could not read) is checked again by
  // this one before it syncs: the app may have been updated since.
  await port.recheckHeld?.();
  if (stopped()) return null;
  const engine = createSyncEngine({ ...deps, port });
  // Starts the engine, paused while this device's "practice offline" switch is on.
  return { engine, unfollow: startWithPracticeOffline(deps.db, engine) };
}
