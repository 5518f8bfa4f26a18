import type { CopySeenEvent, CopyWithdrawnEvent, RecordEvent, SentEvent } from './events.ts';
import { onAccessList } from './grades.ts';
import type { PersonId } from './ids.ts';
import type {
  ConflictReason,
  CopyHolder,
  CopySent,
  CopyWithdrawal,
  RecordState,
} from './record.ts';

/**
 * Copies for information (issue 17, `Copy to`). A file has one holder; its
 * sender may also send it to others for information. A copy holder:
 * - receives the file on their devices: the send puts them on its access list
 *   (`readers`), so the server's scope and a confidential file's list both
 *   name them (grades.ts, sync-server/sync/scope.ts);
 * - finds it in their inbox's For information list until they mark it seen
 *   (a `copySeen` event: an action, not a noting, so the note sheet stays the
 *   holders' sequence of paragraphs);
 * - cannot note on, send, park, close or pull back the file: the fold keeps
 *   such an event as a conflict named `copyOnly`, and the server refuses a
 *   move whose basis shows its author saw they held only a copy
 *   (copyProblem). A copy holder who is later sent the file itself acts as
 *   its holder like anyone else.
 * - may have their copy withdrawn by whoever sent it (`copyWithdrawn`): it
 *   leaves their For information list; what reached their tablet stays, and
 *   says who withdrew it and when (withdrawnCopyOf). A
 *   withdrawal by someone who never sent them a copy is refused by the tablet
 *   and the server (`withdrawInvalid`, withdrawProblem); one by its sender
 *   after the copy was replaced, withdrawn already or the file closed (an
 *   offline tablet's) is kept as a conflict.
 * Pendency counts a file where its holder is (the hops); copies make no hop.
 */

export type CopyAcc = {
  copies: CopyHolder[];
  copiesSent: CopySent[];
  copiesWithdrawn: CopyWithdrawal[];
  readers: PersonId[];
} & Pick<RecordState, 'participants'>;

/** The copies a send carries; a repeated copy to someone replaces theirs, unseen again. */
export function applyCopies(s: CopyAcc, e: SentEvent, at: number): void {
  for (const person of e.copyTo ?? []) {
    const copy: CopyHolder = { person, from: e.actor, sentEvent: e.id, at, seenAt: null };
    const i = s.copies.findIndex((c) => c.person === person);
    if (i >= 0) s.copies[i] = copy;
    else s.copies.push(copy);
    if (!s.copiesSent.some((c) => c.person === person && c.from === e.actor))
      s.copiesSent.push({ person, from: e.actor });
    if (!onAccessList(s, person)) s.readers.push(person);
  }
}

export function applySeen(s: CopyAcc, e: CopySeenEvent, at: number): void {
  const i = s.copies.findIndex((c) => c.person === e.actor);
  const copy = s.copies[i];
  if (copy !== undefined) s.copies[i] = { ...copy, seenAt: at };
}

/**
 * Withdraws `person`'s copy: it leaves the file's copies and so their For
 * information list, and is noted as withdrawn. They stay on the access list:
 * a file that reached their tablet is not taken back, as with anyone who once
 * held it.
 */
export function applyWithdrawn(s: CopyAcc, e: CopyWithdrawnEvent, at: number): void {
  s.copies = s.copies.filter((c) => c.person !== e.person);
  s.copiesWithdrawn.push({ person: e.person, by: e.actor, at });
}

/**
 * The withdrawal of `person`'s copy, the latest, while they have no copy now
 * and do not hold the file (their tablet tells them so); null otherwise.
 */
export function withdrawnCopyOf(
  v: Pick<RecordState, 'copies' | 'copiesWithdrawn' | 'holder'>,
  person: PersonId,
): CopyWithdrawal | null {
  if (person === v.holder || v.copies.some((c) => c.person === person)) return null;
  const theirs = v.copiesWithdrawn.filter((w) => w.person === person);
  return theirs[theirs.length - 1] ?? null;
}

/** `person` holds a copy of the file and not the file itself. */
export function holdsOnlyCopy(
  v: Pick<RecordState, 'copies' | 'holder'>,
  person: PersonId,
): boolean {
  return person !== v.holder && v.copies.some((c) => c.person === person);
}

/** A copy is marked seen by its holder, once per copy received. */
export function seenRule(v: Pick<RecordState, 'copies'>, e: CopySeenEvent): ConflictReason | null {
  return v.copies.some((c) => c.person === e.actor && c.seenAt === null) ? null : 'notAllowed';
}

/**
 * A copy is withdrawn by whoever sent it (the sender who named them in Copy
 * to), whether or not they still hold the file, while the file is not closed.
 */
export function withdrawRule(
  v: Pick<RecordState, 'copies' | 'status'>,
  e: Pick<CopyWithdrawnEvent, 'actor' | 'person'>,
): ConflictReason | null {
  if (v.status === 'closed') return 'recordClosed';
  return v.copies.some((c) => c.person === e.person && c.from === e.actor) ? null : 'notAllowed';
}

/** Whether `actor` may withdraw `person`'s copy now: the file page offers `Withdraw` only then. */
export const mayWithdrawCopy = (
  v: Pick<RecordState, 'copies' | 'status'>,
  actor: PersonId,
  person: PersonId,
): boolean => withdrawRule(v, { actor, person }) === null;

/**
 * Why a withdrawal of `person`'s copy by `actor` is refused (null when it is
 * not): `actor` never sent them a copy of this file, so no state of the file
 * let them withdraw it. The tablet asks before it makes the event.
 */
export function withdrawerProblem(
  v: Pick<RecordState, 'copiesSent'>,
  actor: PersonId,
  person: PersonId,
): string | null {
  return v.copiesSent.some((c) => c.person === person && c.from === actor)
    ? null
    : `${actor} never sent ${person} a copy of this file: only its sender withdraws it`;
}

/**
 * The server's question of every withdrawal an update adds (withdrawerProblem),
 * asked of the file's state after it, in which copies sent are never forgotten,
 * whatever the fold made of the withdrawal. A send of its author's that the fold
 * kept as a conflict counts as sent: on their tablet, offline, it took effect
 * (the file pulled back or moved on meanwhile), so a withdrawal made after it is
 * their real work, kept as a conflict like the send, not refused.
 */
export function withdrawProblem(
  v: Pick<RecordState, 'copiesSent' | 'conflicts'>,
  added: readonly RecordEvent[],
): string | null {
  for (const e of added) {
    if (e.type !== 'copyWithdrawn' || sentInConflict(v, e.actor, e.person)) continue;
    const problem = withdrawerProblem(v, e.actor, e.person);
    if (problem !== null) return problem;
  }
  return null;
}

/** A send by `actor` with a copy to `person` that the fold kept as a conflict. */
const sentInConflict = (v: Pick<RecordState, 'conflicts'>, actor: PersonId, person: PersonId) =>
  v.conflicts.some(
    ({ event: e }) => e.type === 'sent' && e.actor === actor && e.copyTo?.includes(person) === true,
  );

/** Copies go with files only; a receipt goes to several people as copies of its own. */
export function copyToRule(v: Pick<RecordState, 'meta'>, e: SentEvent): ConflictReason | null {
  return e.copyTo === undefined || v.meta.kind === 'file' ? null : 'notAllowed';
}

/**
 * Why the server refuses the events `added` (null when it takes them): a
 * movement the fold kept as `copyOnly`. Its basis was the record's head, so
 * its author saw that they held only a copy; an offline move from an older
 * state is `staleBasis` instead and kept as a conflict like any other. A
 * noting carries no basis, so one by a copy holder (perhaps written while
 * they still held the file) is kept as a conflict, not refused.
 */
export function copyProblem(
  state: Pick<RecordState, 'conflicts'>,
  added: readonly RecordEvent[],
  isMovement: (e: RecordEvent) => boolean,
): string | null {
  for (const e of added) {
    if (!isMovement(e)) continue;
    const conflict = state.conflicts.find((c) => c.event.id === e.id);
    if (conflict?.reason === 'copyOnly')
      return `${e.type} by ${e.actor}: they hold only a copy for information`;
  }
  return null;
}

/** Who still has the file in their For information list. */
export function unseenCopies(s: Pick<RecordState, 'copies' | 'holder'>): PersonId[] {
  return s.copies.filter((c) => c.seenAt === null && c.person !== s.holder).map((c) => c.person);
}
