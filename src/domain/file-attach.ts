import type { FileAttachedEvent, FileAttachEvent } from './file-attach-events.ts';
import type { RecordEvent } from './events.ts';
import { heldOrSentTo, type LinkTarget } from './file-links.ts';
import type { CommandError } from './outcome.ts';
import type { AttachedFile, ConflictReason, RecordState } from './record.ts';

/**
 * A file attached under another (issue 17): the attached file keeps its own
 * number, notings and record, but moves with the main file. The person who
 * holds both attaches one under the other: `fileAttached` on the main file and
 * `attachedUnder` on the attached one, in one change. From then on:
 * - the main file's send sends the attached file to the same person in the same
 *   transaction (a `sent` on it carrying `withFile`, the main file), and its
 *   pull back and opening pull back and open it too (the device's commands);
 * - the attached file cannot be sent on its own (a send without `withFile`, or
 *   naming another file), parked or closed: the fold keeps such an event as a
 *   conflict (`notAllowed`);
 * - its holder detaches it (`fileDetached` and `detachedFrom`), and it moves on
 *   its own again.
 * One level only: a file with files attached under it is not attached under
 * another, and an attached file takes none of its own. The server checks that
 * the other file of each pair is a file its author may see and once held,
 * named by its own number (attachProblem, `attachInvalid`); that the author
 * holds each file is each file's own rule; the server refuses a file under
 * itself and one its author never held (attachPairProblem), half a pair that
 * its own fold takes but would make a file two deep (attachDepthProblem), and
 * keeps any other attach the fold says no to as a conflict, as offline work may be.
 */

export type AttachAcc = {
  attached: AttachedFile[];
  attachedUnder: RecordState['attachedUnder'];
};

export function applyAttach(s: AttachAcc, e: FileAttachEvent, at: number): void {
  switch (e.type) {
    case 'fileAttached':
      s.attached.push({ file: e.file, number: e.number, subject: e.subject, by: e.actor, at });
      return;
    case 'fileDetached':
      s.attached = s.attached.filter((a) => a.file !== e.file);
      return;
    case 'attachedUnder':
      s.attachedUnder = { file: e.file, number: e.number };
      return;
    case 'detachedFrom':
      s.attachedUnder = null;
      return;
  }
}

type AttachView = Pick<RecordState, 'meta' | 'attached' | 'attachedUnder'>;

/** The fold's rule for the four events (the holder's rule is checked first). */
export function attachRule(v: AttachView, e: FileAttachEvent): ConflictReason | null {
  if (v.meta.kind !== 'file' || e.file === v.meta.id) return 'notAllowed';
  switch (e.type) {
    case 'fileAttached':
      return v.attachedUnder === null && !v.attached.some((a) => a.file === e.file)
        ? null
        : 'notAllowed';
    case 'fileDetached':
      return v.attached.some((a) => a.file === e.file) ? null : 'notAllowed';
    case 'attachedUnder':
      return v.attachedUnder === null && v.attached.length === 0 ? null : 'notAllowed';
    case 'detachedFrom':
      return v.attachedUnder?.file === e.file ? null : 'notAllowed';
  }
}

type AttachSide = Pick<RecordState, 'meta' | 'status' | 'attached' | 'attachedUnder'>;

/**
 * Why the tablet refuses to attach `file` under `main`, named so the person
 * reads which (null when neither stands in the way): either closed, a loop
 * (`file` is the one `main` is attached under), `file` attached elsewhere, or
 * a second level (`file` has files under it, or `main` is attached itself).
 * The fold's rules say only `notAllowed` or `recordClosed` (attachRule); the
 * tablet's command asks this first. A file under itself, or under `main`
 * already, stays `notAllowed`.
 */
export function attachObstacle(main: AttachSide, file: AttachSide): CommandError | null {
  // Under itself, or under this file already: nothing to explain.
  if (main.meta.id === file.meta.id || file.attachedUnder?.file === main.meta.id)
    return 'notAllowed';
  if (main.status === 'closed' || file.status === 'closed') return 'attachClosed';
  if (main.attachedUnder?.file === file.meta.id) return 'attachCycle';
  if (file.attachedUnder !== null) return 'attachedElsewhere';
  if (main.attachedUnder !== null || file.attached.length > 0) return 'attachNested';
  return null;
}

/**
 * An attached file moves only with its main file: a send must name it
 * (`withFile`), and it is not parked or closed by itself. A send naming a main
 * file is only for a file attached under it.
 */
export function attachedMoveRule(
  v: Pick<RecordState, 'attachedUnder'>,
  e: RecordEvent,
): ConflictReason | null {
  const under = v.attachedUnder?.file ?? null;
  if (e.type === 'sent') return (e.withFile ?? null) === under ? null : 'notAllowed';
  if (e.type === 'parked' || e.type === 'closed') return under === null ? null : 'notAllowed';
  return null;
}

/**
 * What the device or the server knows of the other file of a pair; its
 * participants are those who held it or were sent it (file-links.ts heldOrSentTo).
 */
export type AttachTarget = Omit<LinkTarget, 'grade'> & Pick<RecordState, 'participants'>;

/**
 * Why `e` may not name `other` (null: not known to its author), or null when
 * it may: the other file must be a file, named by its own number (and, on the
 * main side, subject). The same check on the tablet and at the server. That
 * its author held it then is each side's own fold's rule (the holder's):
 * the server sees a record's final state, in which an attached and sent file
 * is with someone else already.
 */
export function attachProblem(
  e: Pick<FileAttachedEvent, 'file' | 'number' | 'actor'> &
    ({ readonly type: 'attachedUnder' } | Pick<FileAttachedEvent, 'type' | 'subject'>),
  other: AttachTarget | null,
): string | null {
  if (other === null || other.id !== e.file) return `file ${e.file} is not known to its author`;
  if (other.kind !== 'file') return `${other.number} is not a file`;
  // Who held it then is its own fold's question; one who never held it could not.
  if (!other.participants.includes(e.actor))
    return `${e.actor} never held ${other.number}: only the holder of both files attaches them`;
  const subjectDiffers = e.type === 'fileAttached' && e.subject !== other.subject;
  if (other.number !== e.number || subjectDiffers)
    return `the event names ${e.number} by another number or subject than its own`;
  return null;
}

/**
 * Why an attach naming `other` would make a file two deep (null when it would
 * not), asked at the server of the other file as it stores it: going under a
 * file that is attached under another itself, or taking under it a file that
 * has files under it. The attach's own file's fold sees only its own side, so a
 * forged or broken update carrying one half of a pair (`attachedUnder` a file
 * that is attached itself) would otherwise be stored, leaving a file under an
 * attached one that its main file does not list. The tablet never makes it
 * (attachObstacle says `attachNested`); the other half of a real pair comes in
 * the same push, where this is not asked (judge-links.ts).
 */
export function attachDepthProblem(
  e: Pick<FileAttachedEvent, 'file'> & { readonly type: 'fileAttached' | 'attachedUnder' },
  other: Pick<RecordState, 'meta' | 'attached' | 'attachedUnder'>,
): string | null {
  if (e.type === 'attachedUnder' && other.attachedUnder !== null)
    return `${other.meta.number} is attached under ${other.attachedUnder.number} itself: files are attached one level deep`;
  if (e.type === 'fileAttached' && other.attached.length > 0)
    return `${other.meta.number} has files attached under it: files are attached one level deep`;
  return null;
}

/**
 * Why the server refuses the attaches in `added` (null when it takes them),
 * asked of the file's state after the update: one by someone who never held
 * the file, or one no state of the file allows (a file under itself, or a
 * record that is not a file). Any other attach the fold keeps as a conflict
 * stays one: a cycle, a file attached elsewhere or with files under it, a
 * closed file or a holder's change since (`notAllowed`, `recordClosed`,
 * `notHolder`) follow from work done elsewhere meanwhile (the sender pulled
 * the file back and closed it while its past holder attached it offline), so
 * refusing them would refuse that person's real work (DESIGN.md invariant 7).
 */
export function attachPairProblem(
  state: Pick<RecordState, 'meta' | 'participants' | 'conflicts'>,
  added: readonly RecordEvent[],
): string | null {
  for (const e of added) {
    if (e.type !== 'fileAttached' && e.type !== 'attachedUnder') continue;
    const { number, id, kind } = state.meta;
    if (!heldOrSentTo(state).includes(e.actor))
      return `${e.actor} never held ${number}: only the holder of both files attaches them`;
    if (e.file === id || kind !== 'file')
      return `${number} may not be attached under itself or take itself under it, nor a record that is not a file`;
  }
  return null;
}
