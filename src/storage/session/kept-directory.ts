import { replacesDirectory, type Directory } from '@domain/directory.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import { notePullAgain } from '../sync/pull-again.ts';
import { currentSession, followDirectory, storedDirectory } from './session.ts';

/**
 * The directory a tablet holds (kv `directory`) between sign-ins: a sign-in writes
 * the one it is given (session.ts saveSession), and a sync takes the server's as
 * it changes (src/sync/directory-fetch.ts) with the ETag it came with (kv
 * `directoryTag`), asked again with If-None-Match so an unchanged one costs a 304.
 */

/** What keepDirectory did. */
export type DirectoryKept =
  /** Written: what the screens and commands read changes with it. */
  | 'kept'
  /**
   * Written, and the signed-in person's scope is wider in it (another office, a
   * district role): their next sync pulls it from the start (pull-again.ts).
   */
  | 'widened'
  /** The same as the one held (its tag kept, if it came with one). */
  | 'same'
  /** The same district's, at a lower version than the held one's: nothing changed. */
  | 'older';

/** The ETag of the directory held, when it came from GET /api/directory; null otherwise. */
export async function directoryTag(db: PatravaliDb): Promise<string | null> {
  return (await readKv<string>(db, KV_KEYS.directoryTag)) ?? null;
}

/** The version of the directory held (kv `directory`); null when none is. */
export async function directoryVersion(db: PatravaliDb): Promise<number | null> {
  return (await storedDirectory(db))?.version ?? null;
}

/**
 * Keeps `directory` (already checked: domain/directory-parse.ts) unless it is the
 * held one's district at a lower version: an office relay or a district instance
 * restarted one at a time can answer an older one between newer ones. Another
 * district's is not taken here (`older`): only a sign-in, which that district
 * answered, moves a tablet to another district (session.ts saveSession), so no
 * background answer (a relay, a balancer in front of two districts' servers during
 * a cutover) flips the tablet between districts, each flip pulling every account
 * again, or rolls a version back by passing through another district. With it, the signed-in
 * person's own entry and those remembered for offline sign-in take the new one's
 * (a transfer, a new role or designation), so what the tablet does is checked as the
 * server checks it, against its directory; someone no longer in it is left as they
 * are (the server ends their sessions, and their next sync signs them out). Whom it
 * widens pulls again from the start (pull-again.ts).
 */
export async function keepDirectory(
  db: PatravaliDb,
  directory: Directory,
  tag: string | null,
): Promise<DirectoryKept> {
  return db.transaction('rw', db.kv, db.accounts, async () => {
    const held = await storedDirectory(db);
    const otherDistrict = held !== null && held.district.id !== directory.district.id;
    if (otherDistrict || !replacesDirectory(held, directory)) return 'older';
    const same = held !== null && JSON.stringify(held) === JSON.stringify(directory);
    if (!same) await writeKv(db, KV_KEYS.directory, directory);
    const widened =
      !same &&
      (await notePullAgain(db, held, directory, (await currentSession(db))?.person.id ?? ''));
    // The same one too: a sign-in or an older build may have left someone's entry behind.
    await followDirectory(db, directory);
    if (tag === null) await db.kv.delete(KV_KEYS.directoryTag);
    else await writeKv(db, KV_KEYS.directoryTag, tag);
    return same ? 'same' : widened ? 'widened' : 'kept';
  });
}

/**
 * A directory answer not taken (src/sync/directory-fetch.ts): its ETag is asked
 * with from now on, so the same answer is not downloaded again; the directory held
 * stays as it is.
 */
export async function refuseDirectory(db: PatravaliDb, tag: string): Promise<void> {
  await writeKv(db, KV_KEYS.directoryTag, tag);
}
