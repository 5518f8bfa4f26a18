import type { Directory, Person } from './directory.ts';
import { findOffice } from './directory.ts';
import type { ClosedEvent, RecordEvent } from './events.ts';
import { onAccessList } from './grades.ts';
import type { OfficeId, PersonId } from './ids.ts';
import { approverRoles } from './letters.ts';
import type { Closure, RecordState } from './record.ts';

/**
 * The approver of a file's closure (issue 17; CSMOP: a file is closed, or
 * "recorded", with the approval of an officer). Closing a file names the
 * officer who approved the closure (`approvedBy` on the `closed` event); the
 * close puts them on the file's access list, so a confidential or secret
 * closed file reaches the closer and the approver (and everyone already on
 * its list), and the server sends it to the approver's devices.
 *
 * An approver is a person whose role may approve the letters of the file's
 * office (letters.ts approverRoles) and who works in that office or one above
 * it (a tehsil's file may be closed on the SDM's approval). The fold cannot
 * know roles, so the command offers only such people and the server refuses a
 * close naming anyone else (closureProblem), as it refuses a grade lowering.
 * The approval is the closer's record of it, signed by the closer; the approver
 * does not sign the close.
 */

/** The offices whose officers may approve the closure of a file of `office`: it and those above it. */
function officesUp(dir: Directory, office: OfficeId): ReadonlySet<OfficeId> {
  const up = new Set<OfficeId>();
  for (let o = findOffice(dir, office); o !== undefined && !up.has(o.id);) {
    up.add(o.id);
    o = o.parent === undefined ? undefined : findOffice(dir, o.parent);
  }
  return up;
}

/** The people who may approve the closure of a file of `office`, in directory order. */
export function closureApprovers(dir: Directory, office: OfficeId): readonly Person[] {
  const roles = approverRoles(findOffice(dir, office));
  const offices = officesUp(dir, office);
  return dir.people.filter((p) => roles.includes(p.role) && offices.has(p.office));
}

export function mayApproveClosure(dir: Directory, office: OfficeId, person: PersonId): boolean {
  return closureApprovers(dir, office).some((p) => p.id === person);
}

/** The accumulator's part (fold-state.ts). */
export interface ClosureAcc {
  closure: Closure | null;
  readers: PersonId[];
  participants: readonly PersonId[];
}

/** A close took effect: who closed it, and its approver joins the access list. */
export function applyClosure(s: ClosureAcc, e: ClosedEvent, at: number): void {
  const approvedBy = e.approvedBy ?? null;
  s.closure = { by: e.actor, approvedBy, at, eventId: e.id };
  if (approvedBy !== null && !onAccessList(s, approvedBy)) s.readers.push(approvedBy);
}

/**
 * Why the server refuses the closes in `added` (null when it takes them): a
 * close naming an approver who may not approve the closure of the file's
 * office, or a close naming an approver that the fold keeps as a conflict for
 * any reason but an older basis: its author saw the file as it is and the rules
 * say no (not the holder, not its creator, closed already), so it is forged.
 * Closes naming no approver (made before it) are judged by the fold alone.
 */
export function closureProblem(
  state: Pick<RecordState, 'conflicts' | 'meta'>,
  added: readonly RecordEvent[],
  mayApprove: (person: PersonId) => boolean,
): string | null {
  for (const e of added) {
    if (e.type !== 'closed' || e.approvedBy === undefined) continue;
    if (!mayApprove(e.approvedBy))
      return `${e.approvedBy} may not approve the closure of a file of ${state.meta.office}`;
    const conflict = state.conflicts.find((c) => c.event.id === e.id);
    if (conflict !== undefined && conflict.reason !== 'staleBasis')
      return `the file may not be closed by ${e.actor} (${conflict.reason})`;
  }
  return null;
}
