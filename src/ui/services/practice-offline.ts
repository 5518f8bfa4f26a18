import { liveQuery } from 'dexie';
import type { PatravaliDb } from '@storage/services.ts';
import { isPracticeOffline } from '@storage/trainer/index.ts';
import type { SyncEngine } from '@sync/engine.ts';

/**
 * Ties a running sync engine to this device's "practice offline" switch (kv,
 * storage/trainer/practice-offline.ts): starts the engine paused if the switch is on,
 * and pauses or resumes it whenever the switch changes (from any tab).
 * Returns the function that stops watching (the caller still stops the engine).
 */
export type PausableEngine = Pick<SyncEngine, 'start' | 'pause' | 'resume'>;

export function startWithPracticeOffline(db: PatravaliDb, engine: PausableEngine): () => void {
  let started = false;
  const subscription = liveQuery(() => isPracticeOffline(db)).subscribe({
    next: (on) => {
      if (on) engine.pause();
      else engine.resume();
      // The first answer decides whether the engine's first sync may go out at all.
      if (!started) {
        started = true;
        engine.start();
      }
    },
    // The switch cannot be read (database closing): keep syncing as without it.
    error: () => {
      if (!started) {
        started = true;
        engine.start();
      }
    },
  });
  return () => subscription.unsubscribe();
}
