import type { Role } from './directory.ts';
import type { AccessGrantedEvent, Grade, GradeChangedEvent, RecordEvent } from './events.ts';
import { GRADES } from './events.ts';
import type { PersonId } from './ids.ts';
import type { GradeChange, RecordState } from './record.ts';

/**
 * Security grades (issue 17). A record is normal, confidential or secret. A
 * normal record reaches its office (and everyone it was sent to); a
 * confidential or secret one reaches only the devices of the people on its
 * access list: its creator, everyone who has held or sent it (a closed file's
 * closer among them), and the readers its holders named. The server decides
 * by this list which devices receive the record at all
 * (sync-server/sync/scope.ts).
 *
 * Who may change what (decided here, enforced by the fold's rules, the
 * commands and the server):
 * - the creator sets the grade in the change that creates the record;
 * - the holder raises it;
 * - lowering is for a holder who is the record's creator or an officer (a
 *   role that approves letters in the record's office, letters.ts): an
 *   assistant who received a secret file cannot open it to the office;
 * - the holder of a confidential or secret record names readers.
 * A change by anyone else is refused by the server as `gradeForbidden`.
 */

export type GradeEvent = GradeChangedEvent | AccessGrantedEvent;

export const isGradeEvent = (e: RecordEvent): e is GradeEvent =>
  e.type === 'gradeChanged' || e.type === 'accessGranted';

export const gradeRank = (g: Grade): number => GRADES.indexOf(g);

export const isRestricted = (g: Grade): boolean => g !== 'normal';

/** Whether `person` is on the access list of a record with this state. */
export function onAccessList(
  state: Pick<RecordState, 'participants' | 'readers'>,
  person: PersonId,
): boolean {
  return state.participants.includes(person) || state.readers.includes(person);
}

/** Whether `actor` (of role `role`) may lower the grade of a record `createdBy` made. */
export function mayLowerGrade(
  createdBy: PersonId,
  actor: PersonId,
  role: Role | undefined,
  officers: readonly Role[],
): boolean {
  return actor === createdBy || (role !== undefined && officers.includes(role));
}

/** The fold's part: the grade, its history and the named readers. */
export interface GradeAcc {
  grade: Grade;
  readers: PersonId[];
  gradeChanges: GradeChange[];
}

export function applyGradeEvent(s: GradeAcc, e: GradeEvent, at: number): void {
  if (e.type === 'accessGranted') {
    if (!s.readers.includes(e.person)) s.readers.push(e.person);
    return;
  }
  s.gradeChanges.push({ eventId: e.id, from: s.grade, to: e.grade, by: e.actor, at });
  s.grade = e.grade;
}

/**
 * Why the server refuses the grade events `added` (null when it takes them):
 * each must have taken effect in the record's fold (the rules: the holder, a
 * grade other than the current one, a reader not yet on the list of a
 * restricted record), and a lowering must be by the creator or an officer.
 */
export function gradeProblem(
  state: RecordState,
  added: readonly RecordEvent[],
  mayLower: (e: GradeChangedEvent) => boolean,
): string | null {
  for (const e of added) {
    if (!isGradeEvent(e)) continue;
    const conflict = state.conflicts.find((c) => c.event.id === e.id);
    if (conflict !== undefined) return `${e.type} by ${e.actor}: ${conflict.reason}`;
    if (e.type !== 'gradeChanged') continue;
    const change = state.gradeChanges.find((g) => g.eventId === e.id);
    if (change !== undefined && gradeRank(change.to) < gradeRank(change.from) && !mayLower(e))
      return `${e.actor} may not lower the grade from ${change.from}: only the creator or an officer`;
  }
  return null;
}

/** Whether `person` may read a record with this projection row's grade and list. */
export function mayRead(
  row: Pick<RecordState, 'participants' | 'readers' | 'grade'>,
  person: PersonId,
): boolean {
  return !isRestricted(row.grade) || onAccessList(row, person);
}

/**
 * A review item as someone off a restricted record's access list may see it:
 * counted where it is pending, with its number, but no subject (issue 17).
 * The review shows an empty subject as withheld; a record's subject is never
 * empty otherwise (validate-event.ts).
 */
export function withheldFrom<T extends Pick<RecordState, 'participants' | 'readers' | 'grade'>>(
  row: T & { readonly subject: string },
  person: PersonId,
): T & { readonly subject: string } {
  return mayRead(row, person) ? row : { ...row, subject: '' };
}
