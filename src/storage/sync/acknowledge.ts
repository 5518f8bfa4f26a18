import type { PatravaliDb } from '../db/db.ts';
import { keepRelayAcked, loggedKeys } from './relay-claims.ts';
import type { LoggedEntries } from './sync-port.ts';

/**
 * The server committed the pushes behind `refs` (SyncPort.acknowledge): their outbox rows
 * go, each ref taking the rows of its record up to it (a push merges them). An office
 * relay's acknowledgement is kept until the district's proofs show it (decision 0020),
 * with the answer's log entries of it (`logged`) to tell what the relay did not log.
 */
export async function acknowledge(
  db: PatravaliDb,
  refs: readonly number[],
  logged?: readonly LoggedEntries[],
): Promise<void> {
  const entered = loggedKeys(logged);
  await db.transaction('rw', [db.outbox, db.relayAcked, db.kv], async () => {
    for (const ref of refs) {
      const row = await db.outbox.get(ref);
      // Already acknowledged (a retried response): nothing left to drop.
      if (!row) continue;
      const acked = db.outbox
        .where('recordId')
        .equals(row.recordId)
        .and((r) => (r.ref ?? 0) <= ref);
      // An office relay's acknowledgement: kept until the district's proofs show it.
      await keepRelayAcked(db, await acked.toArray(), entered);
      await acked.delete();
    }
  });
}
