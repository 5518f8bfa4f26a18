import type { Directory } from '@domain/directory.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { ServerStorage } from '../storage/types.ts';
import { SESSION_ENDED, type PushHub } from '../sync/push-hub.ts';

/**
 * The directory a server works with now, replaced without a restart: an office
 * relay's when the district's changes (relay/relay-directory.ts), a district
 * instance's when another instance on its PostgreSQL database stored a new one
 * (follow-directory.ts). Everything that checks against it reads it at each use.
 */
export interface LiveDirectory {
  get(): Directory;
  set(next: Directory): void;
}

export function liveDirectory(first: Directory): LiveDirectory {
  let current = first;
  return {
    get: () => current,
    set: (next) => {
      current = next;
    },
  };
}

/**
 * Who is in `next` and not in `before`, who is no longer, who moved from one
 * office to another, whose office or role changed, and who joined `office`
 * (added to it, or moved into it; false with none given).
 */
export function changedPeople(before: Directory, next: Directory, office?: OfficeId) {
  const was = new Map(before.people.map((p) => [p.id, p]));
  const is = new Set(next.people.map((p) => p.id));
  const added = next.people.filter((p) => !was.has(p.id));
  const moved = next.people.flatMap((p) => {
    const from = was.get(p.id)?.office;
    return from === undefined || from === p.office ? [] : [{ id: p.id, from, to: p.office }];
  });
  const changed = next.people.filter((p) => {
    const old = was.get(p.id);
    return old !== undefined && (old.office !== p.office || old.role !== p.role);
  });
  return {
    changed: changed.map((p) => p.id),
    added: added.map((p) => p.id),
    removed: before.people.filter((p) => !is.has(p.id)).map((p) => p.id),
    moved,
    joined: added.some((p) => p.office === office) || moved.some((m) => m.to === office),
  };
}

/**
 * Puts `next` in `live` for everything that reads it, and ends what the one before
 * had allowed. Push sockets announce by the office and role they had when they
 * opened: those of people who moved or changed role are closed (the tablet opens
 * another, 1001), those of people no longer in it end (SESSION_ENDED), before
 * anything is awaited, so no socket checked against the old directory opens after.
 * Every other device is told to ask for it now (the `directory` frame), not at its
 * next check. The sessions of people no longer in it are revoked.
 */
export async function switchDirectory(
  deps: {
    readonly storage: Pick<ServerStorage, 'revokePersonSessions'>;
    readonly hub: Pick<PushHub, 'closePeople' | 'announceDirectory'>;
    readonly now: () => number;
  },
  live: LiveDirectory,
  next: Directory,
  people: { readonly removed: readonly PersonId[]; readonly changed: readonly PersonId[] },
): Promise<void> {
  live.set(next);
  deps.hub.closePeople(people.removed, SESSION_ENDED, 'session ended');
  deps.hub.closePeople(people.changed, 1001, 'directory changed');
  deps.hub.announceDirectory(next.version);
  for (const person of people.removed) await deps.storage.revokePersonSessions(person, deps.now());
}
