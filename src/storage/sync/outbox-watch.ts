import { liveQuery } from 'dexie';
import type { PatravaliDb } from '../db/db.ts';

/**
 * Calls `onGrow` whenever a local write adds rows to the outbox (table
 * `outbox` of src/storage/db/db.ts), so the sync engine pushes soon after a
 * person acts instead of waiting for its next timer. Returns unsubscribe.
 */
export function watchOutbox(db: PatravaliDb, onGrow: () => void): () => void {
  // Starting from 0, rows already waiting at start also count as growth: one extra nudge is harmless.
  let last = 0;
  const subscription = liveQuery(() => db.outbox.count()).subscribe({
    next: (count) => {
      if (count > last) onGrow();
      last = count;
    },
    error: () => undefined,
  });
  return () => subscription.unsubscribe();
}
