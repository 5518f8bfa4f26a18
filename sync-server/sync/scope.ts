import { DISTRICT_ROLES } from '@domain/directory.ts';
import type { Person } from '@domain/directory.ts';
import { isRestricted } from '@domain/grades.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { Scope, ServerStorage } from '../storage/types.ts';

/**
 * Who sees what (DESIGN.md §5): a person sees their office's records plus every
 * record ever sent to them; district roles (ADM, DM, trainer) see the district.
 * A confidential or secret record reaches only its access list (issue 17).
 */

export function scopeOf(person: Person): Scope {
  return DISTRICT_ROLES.includes(person.role)
    ? { kind: 'district', person: person.id }
    : { kind: 'office', office: person.office, person: person.id };
}

/** What decides who may receive a record: its office, its access list and whether it is restricted. */
export interface RecordReach {
  readonly office: OfficeId;
  readonly access: readonly PersonId[];
  /** Confidential or secret (grades.ts): only its access list receives it. */
  readonly restricted: boolean;
}

/**
 * Whether the record reaches a device in `scope`: a restricted record only the
 * people on its access list, whatever their office or role (issue 17).
 */
export function recordInScope(scope: Scope, r: RecordReach): boolean {
  if (scope.person === undefined) return true;
  if (scope.kind === 'office' && scope.people !== undefined) {
    // An office relay: whatever one of the office's people would receive.
    const people = scope.people;
    if (r.access.some((p) => people.includes(p))) return true;
    return !r.restricted && r.office === scope.office;
  }
  if (r.access.includes(scope.person)) return true;
  if (r.restricted) return false;
  return scope.kind === 'district' || r.office === scope.office;
}

/** The reach of a stored record (null when the server has never stored it). */
export async function reachOf(storage: ServerStorage, id: RecordId): Promise<RecordReach | null> {
  const office = await storage.recordOffice(id);
  if (office === null) return null;
  const [access, grade] = await Promise.all([storage.recordAccess(id), storage.recordGrade(id)]);
  return { office, access, restricted: isRestricted(grade) };
}

/** True when `person` would only see the record through its access list. */
export function needsAccessGrant(person: Person, recordOffice: OfficeId): boolean {
  return !DISTRICT_ROLES.includes(person.role) && person.office !== recordOffice;
}
