import type { RecordChange } from './change.ts';
import type { Role } from './directory.ts';
import type { Grade, RecordEvent } from './events.ts';
import { GRADES } from './events.ts';
import { gradeRank, mayLowerGrade, onAccessList } from './grades.ts';
import type { EventId, PersonId } from './ids.ts';
import { refused, type Outcome } from './outcome.ts';
import type { RecordState } from './record.ts';
import { checkEvent } from './rules.ts';

/**
 * Security grade commands (grades.ts) on the one command path: the device,
 * the demo seed and the tests run these; the server judges the events they
 * make with the same rules (gradeProblem).
 */

export interface GradeInput {
  readonly grade: Grade;
  /** The roles that count as officers of the record's office (its letter approvers). */
  readonly officers: readonly Role[];
}

/**
 * Sets the record's grade: in the change that creates it, or later by its
 * holder; a lowering only by a holder who is its creator or an officer.
 */
export function changeGrade(c: RecordChange, input: GradeInput): Outcome<RecordEvent> {
  const state = c.state();
  if (state === null) return refused('notFound');
  if (
    gradeRank(input.grade) < gradeRank(state.grade) &&
    !mayLowerGrade(state.meta.createdBy, c.ctx.actor, c.ctx.role, input.officers)
  )
    return refused('notAllowed', 'only the creator or an officer may lower the grade');
  return c.add({ type: 'gradeChanged', grade: input.grade });
}

/** The holder of a confidential or secret record puts `person` on its access list. */
export function grantAccess(
  c: RecordChange,
  input: { readonly person: PersonId },
): Outcome<RecordEvent> {
  return c.add({ type: 'accessGranted', person: input.person });
}

const PROBE_ID = '00000000-0000-4000-8000-000000000000' as EventId;

/** What `actor` may do about the grade now: the grades they may set, and whether they may name readers. */
export function gradeActions(
  state: RecordState,
  actor: PersonId,
  role: Role | undefined,
  officers: readonly Role[],
): { readonly grades: readonly Grade[]; readonly mayGrant: boolean } {
  const probe = { id: PROBE_ID, actor, hlc: '', deviceTime: 0, clockVerified: false };
  const grades = GRADES.filter(
    (grade) =>
      checkEvent(state, { ...probe, type: 'gradeChanged', grade }) === null &&
      (gradeRank(grade) > gradeRank(state.grade) ||
        mayLowerGrade(state.meta.createdBy, actor, role, officers)),
  );
  // Anyone not yet on the list would do for the probe: the rules refuse only those on it.
  const someone = `${actor}~` as PersonId;
  const mayGrant = checkEvent(state, { ...probe, type: 'accessGranted', person: someone }) === null;
  return { grades, mayGrant };
}

/** Whether `person` could be named a reader now (not on the list already). */
export const mayBeNamed = (state: RecordState, person: PersonId): boolean =>
  !onAccessList(state, person);
