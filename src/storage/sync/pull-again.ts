import { scopeWidened, type Directory } from '@domain/directory.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';

/**
 * A person whose scope the directory widened (moved to another office, given a
 * district role: domain/directory.ts scopeWidened) pulls it again from the start;
 * so does everyone in another district's directory (its `district.id` differs).
 * The server now sends them records it did not before, at log positions their
 * cursor has passed, so they would never come (the office relay does the same
 * for itself when someone joins its office: relay-directory.ts `pullAgain`).
 *
 * Taking the directory (kept-directory.ts, a sign-in's in session.ts) notes who,
 * of the people with a cursor here, in kv `pullAgain` (PersonId[]). Their cursor
 * is not touched then: a sync in flight would move it on past the reset. Before
 * each request a sync asks (SyncPort.pullAgain, `takePullAgain`): for the
 * signed-in person noted, their cursor and join here and at the other tiers
 * (tiers.ts) go, in one transaction, so that request pulls their scope from the
 * start, desk first (decision 0012). What the tablet holds merges as nothing new;
 * the outbox, drafts and quarantine are not touched.
 */

/** What is read here of the session (session.ts StoredSession). */
interface SignedIn {
  readonly person: { readonly id: string };
}
type Cursors = Readonly<Record<string, number>>;
type Joins = Readonly<Record<string, unknown>>;
interface Positions {
  readonly cursor?: number | Cursors;
  readonly join?: Joins;
}

/**
 * Notes who `next` widens against `held` (inside the caller's transaction over kv).
 * True when the signed-in person is among them.
 */
export async function notePullAgain(
  db: PatravaliDb,
  held: Directory | null,
  next: Directory,
  /** The signed-in person's id ('' with no one signed in). */
  own: string,
): Promise<boolean> {
  if (held === null) return false;
  const was = new Map(held.people.map((p) => [p.id, p]));
  // Another district's directory: its server's log is another, so whoever has a
  // cursor here pulls from the start, however alike the two directories read.
  const otherDistrict = held.district.id !== next.district.id;
  const widened = next.people.filter((p) => {
    const before = was.get(p.id);
    return otherDistrict || (before !== undefined && scopeWidened(before, p));
  });
  if (widened.length === 0) return false;
  const positions = [
    await readKv<number | Cursors>(db, KV_KEYS.cursor),
    ...Object.values((await readKv<Record<string, Positions>>(db, KV_KEYS.logTiers)) ?? {}).map(
      (t) => t.cursor,
    ),
  ];
  // Someone with a cursor here (a number: a build's before cursors were per person, anyone's).
  const synced = (id: string): boolean =>
    id === own || positions.some((c) => typeof c === 'number' || (c?.[id] ?? 0) > 0);
  const noted = widened.map((p) => p.id as string).filter(synced);
  if (noted.length === 0) return false;
  const kept = (await readKv<string[]>(db, KV_KEYS.pullAgain)) ?? [];
  await writeKv(db, KV_KEYS.pullAgain, [...new Set([...kept, ...noted])]);
  return noted.includes(own);
}

/**
 * When the signed-in person is noted: their cursor and join, here and at the other
 * tiers, go (the next request pulls from the start), and the note with them. True then.
 */
export async function takePullAgain(db: PatravaliDb): Promise<boolean> {
  return db.transaction('rw', db.kv, async () => {
    const noted = (await readKv<string[]>(db, KV_KEYS.pullAgain)) ?? [];
    const owner = (await readKv<SignedIn>(db, KV_KEYS.session))?.person.id ?? '';
    if (owner === '' || !noted.includes(owner)) return false;
    const cursor = await readKv<number | Cursors>(db, KV_KEYS.cursor);
    const joins = await readKv<Joins>(db, KV_KEYS.join);
    const moved = forget({ cursor, join: joins }, owner);
    for (const [key, value] of [
      [KV_KEYS.cursor, moved.cursor],
      [KV_KEYS.join, moved.join],
    ] as const)
      if (value === undefined) await db.kv.delete(key);
      else await writeKv(db, key, value);
    const tiers = await readKv<Record<string, Positions>>(db, KV_KEYS.logTiers);
    if (tiers !== undefined) {
      const each = Object.entries(tiers).map(([key, tier]) => [
        key,
        { ...tier, ...forget(tier, owner) },
      ]);
      await writeKv(db, KV_KEYS.logTiers, Object.fromEntries(each));
    }
    await writeKv(
      db,
      KV_KEYS.pullAgain,
      noted.filter((id) => id !== owner),
    );
    return true;
  });
}

/** `positions` without `owner`'s (a cursor of a build before per-person cursors: anyone's, so it goes). */
function forget(positions: Positions, owner: string): Positions {
  const { cursor, join } = positions;
  const without = <T>(all: Readonly<Record<string, T>> | undefined) =>
    all === undefined
      ? undefined
      : Object.fromEntries(Object.entries(all).filter(([k]) => k !== owner));
  return {
    cursor: typeof cursor === 'number' ? undefined : without(cursor),
    join: without(join),
  };
}
