import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import { readCursor } from './cursor.ts';
import type { JoinState } from './sync-port.ts';

/**
 * Each person's join on this tablet, desk first (decision 0012), in kv `join` as
 * `{ [personId]: JoinState }`, beside their cursor (cursor.ts): the desk phase goes
 * on where a reload stopped it, and the progress bar shows what is left at once.
 * It goes wherever the cursor goes (a generation wipe, a revoked person's data):
 * a join whose desk is gone must start again, or its rest phase would leave
 * the desk out.
 */

type Joins = Readonly<Record<string, JoinState>>;

export async function readJoin(db: PatravaliDb, owner: string): Promise<JoinState | null> {
  return (await readKv<Joins>(db, KV_KEYS.join))?.[owner] ?? null;
}

export async function saveJoin(db: PatravaliDb, owner: string, state: JoinState): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const joins = (await readKv<Joins>(db, KV_KEYS.join)) ?? {};
    await writeKv(db, KV_KEYS.join, { ...joins, [owner]: state });
  });
}

/** A person's join and cursor on this tablet, for the inbox's progress (a live query). */
export async function joinOnDevice(
  db: PatravaliDb,
  person: string,
): Promise<{ readonly state: JoinState | null; readonly cursor: number }> {
  // Both read at once: a live query observes what it reads before its first await ends.
  const [state, cursor] = await Promise.all([readJoin(db, person), readCursor(db, person)]);
  return { state, cursor };
}
