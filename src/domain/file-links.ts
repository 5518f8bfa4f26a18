import type { FileLinkedEvent, FileLinkEvent, FileUnlinkedEvent } from './file-link-events.ts';
import type { AttachedUnderEvent, FileAttachedEvent, Grade, RecordEvent } from './events.ts';
import { isRestricted } from './grades.ts';
import type { PersonId, RecordId } from './ids.ts';
import type { ConflictReason, LinkedFile, RecordKind, RecordState } from './record.ts';

/**
 * `Link file` (issue 17): the holder of a file links another file to it. The
 * two stay independent: each has its own holder and moves on its own; the
 * link is a `fileLinked` event on the linking file only, naming the other's
 * number and subject. `Remove link` is a `fileUnlinked` on the linking file
 * too, by a holder of either file: the linking file's holder, or the linked
 * file's (`fromLinked`: the linking file's fold cannot know who holds the
 * other, so the tablet and the server check it, linkedHolderProblem). The linked file shows the link from the other side by
 * looking for files that name it (the projection row's `links`), and a noting
 * of either may quote the other's number, which is shown as a link to it
 * (note-references.ts).
 *
 * A confidential or secret file is never named in another file's record: its
 * subject would reach that file's readers, who need not be on its own access
 * list. The server refuses a link that names a file it does not know, names it
 * by another number or subject, or names a restricted or out-of-scope file
 * (`linkInvalid`, linkProblem), storing nothing.
 */

export type LinkAcc = { links: LinkedFile[] };

export function applyLink(s: LinkAcc, e: FileLinkEvent, at: number): void {
  if (e.type === 'fileUnlinked') s.links = s.links.filter((l) => l.file !== e.file);
  else s.links.push({ file: e.file, number: e.number, subject: e.subject, by: e.actor, at });
}

/** The fold's rule (the holder's rule is checked first): a file links another file, once. */
export function linkRule(
  v: Pick<RecordState, 'meta' | 'links'>,
  e: FileLinkEvent,
): ConflictReason | null {
  if (v.meta.kind !== 'file' || e.file === v.meta.id) return 'notAllowed';
  const linked = v.links.some((l) => l.file === e.file);
  // A link is removed (`Remove link`) only while there is one; made only while there is none.
  return linked === (e.type === 'fileUnlinked') ? null : 'notAllowed';
}

/**
 * Who held the file or was sent it: its participants, and the people named by a
 * send the fold kept as a conflict (by someone other than themselves). On the
 * shared tablet or office relay where such a send was made it took effect, and
 * its recipient worked on the file there (a past holder sent it on offline
 * after it was pulled back); their work is kept as conflicts like the send, not
 * refused as a stranger's. The server's "never held" checks ask this.
 */
export function heldOrSentTo(v: Pick<RecordState, 'participants' | 'conflicts'>): PersonId[] {
  const people = [...v.participants];
  for (const { event: e } of v.conflicts)
    if (e.type === 'sent' && e.to !== e.actor && !people.includes(e.to)) people.push(e.to);
  return people;
}

/**
 * Why a `Remove link` on this file by `actor` is refused (null when it is not):
 * `actor` never held the file, so no state of it let them remove its links.
 * One who held it and no longer does (an offline tablet's removal, after the
 * file was pulled back or moved on) is kept as a conflict by the fold. The
 * tablet asks before it makes the event.
 */
export function unlinkerProblem(
  v: Pick<RecordState, 'meta' | 'participants' | 'conflicts'>,
  actor: PersonId,
): string | null {
  return heldOrSentTo(v).includes(actor)
    ? null
    : `${actor} never held ${v.meta.number}: only a holder of the file removes its links`;
}

/**
 * The server's question of every `Remove link` an update adds (unlinkerProblem),
 * asked of the file's state after it, whatever the fold made of the removal:
 * refused (`unlinkInvalid`), nothing of the update is stored.
 */
export function unlinkProblem(
  v: Pick<RecordState, 'meta' | 'participants' | 'conflicts'>,
  added: readonly RecordEvent[],
): string | null {
  for (const e of added) {
    // From the linked file's side: judged against that file (linkedHolderProblem).
    if (e.type !== 'fileUnlinked' || e.fromLinked === true) continue;
    const problem = unlinkerProblem(v, e.actor);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * Why a `Remove link` from the linked file's side (`fromLinked`) is refused, as
 * the server knows that file (null: not known to the author, or out of their
 * scope): its author never held it. That they hold it now is the tablet's
 * question (the command asks the linked file's state); the server sees the
 * linked file as it is after the request, perhaps moved on since, and asks
 * only what never changes: whether they ever held it (`unlinkInvalid`).
 */
export function linkedHolderProblem(
  e: Pick<FileUnlinkedEvent, 'file' | 'actor'>,
  linked: (Pick<LinkTarget, 'id' | 'number'> & Pick<RecordState, 'participants'>) | null,
): string | null {
  if (linked === null || linked.id !== e.file) return `file ${e.file} is not known to its author`;
  return linked.participants.includes(e.actor)
    ? null
    : `${e.actor} never held ${linked.number}: only a holder of either file removes the link`;
}

/** What the device or the server knows of the file a link names. */
export interface LinkTarget {
  readonly id: RecordId;
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly grade: Grade;
}

/**
 * Why a link naming `target` (null: not known here, or out of the author's
 * scope) may not be made; null when it may. The same check on the tablet
 * (before the event is made) and at the server (before it is stored).
 */
export function linkProblem(
  e: Pick<FileLinkedEvent, 'file' | 'number' | 'subject'>,
  target: LinkTarget | null,
): string | null {
  if (target === null || target.id !== e.file) return `file ${e.file} is not known to its author`;
  if (target.kind !== 'file') return `${target.number} is not a file`;
  if (isRestricted(target.grade)) return `${target.number} is ${target.grade}: it is not linked`;
  if (target.number !== e.number || target.subject !== e.subject)
    return `the link names ${e.number} by another number or subject than its own`;
  return null;
}

/** Events that name another file, which the server checks against it (judge-links.ts). */
export type NamingEvent =
  | FileLinkedEvent
  | FileAttachedEvent
  | AttachedUnderEvent
  | (FileUnlinkedEvent & { readonly fromLinked: true });

export const namesAnotherFile = (e: RecordEvent): e is NamingEvent =>
  e.type === 'fileLinked' ||
  e.type === 'fileAttached' ||
  e.type === 'attachedUnder' ||
  (e.type === 'fileUnlinked' && e.fromLinked === true);

/** The files a noting of this file may name: those it links and those linking to it. */
export function linkedNumbers(
  links: readonly Pick<LinkedFile, 'file' | 'number'>[],
): ReadonlyMap<string, RecordId> {
  return new Map(links.map((l) => [l.number, l.file]));
}
