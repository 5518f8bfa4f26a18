import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import type { StoredSession } from '../session/session.ts';

/**
 * The pull cursor: the last server seq applied on this tablet, one per person
 * who has synced here (kv `cursor`, `{ [personId]: seq }`).
 *
 * One cursor per tablet lost records on a shared tablet: a file of another
 * office sent to the tehsildar while the clerk was signed in is put at a new
 * seq in the tehsildar's scope only; the clerk's pull passed that seq without
 * it, so when the tehsildar signed in there it never came (DESIGN.md §5: a
 * device syncs every record ever sent to its user). With a cursor of their
 * own, the tehsildar's first sync on the tablet pulls their whole scope once;
 * what the tablet already holds merges as a no-op, and later sign-ins pull
 * only what changed since that person's last sync.
 *
 * A build before this kept one number for the tablet. It is taken as the
 * cursor of whoever syncs first after the update (the behaviour it had), and
 * everyone else starts from 0, which also brings back anything the old cursor
 * had skipped for them.
 */

type Cursors = Readonly<Record<string, number>>;

/** The key of the signed-in person's cursor ('' with no one signed in). */
export async function cursorOwner(db: PatravaliDb): Promise<string> {
  return (await readKv<StoredSession>(db, KV_KEYS.session))?.person.id ?? '';
}

export async function readCursor(db: PatravaliDb, owner: string): Promise<number> {
  const stored = await readKv<number | Cursors>(db, KV_KEYS.cursor);
  if (typeof stored === 'number') return stored;
  return stored?.[owner] ?? 0;
}

/** Moves `owner`'s cursor to `seq` unless it is further already (inside the caller's transaction). */
export async function advanceCursor(db: PatravaliDb, owner: string, seq: number): Promise<void> {
  const stored = await readKv<number | Cursors>(db, KV_KEYS.cursor);
  const cursors: Cursors = typeof stored === 'number' ? { [owner]: stored } : (stored ?? {});
  await writeKv(db, KV_KEYS.cursor, { ...cursors, [owner]: Math.max(cursors[owner] ?? 0, seq) });
}
