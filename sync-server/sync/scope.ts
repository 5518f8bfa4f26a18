import { DISTRICT_ROLES } from '@domain/directory.ts';
import type { Person } from '@domain/directory.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { Scope } from '../storage/types.ts';

/**
 * Who sees what (DESIGN.md §5): a person sees their office's records plus every
 * record ever sent to them; district roles (ADM, DM, trainer) see the district.
 */

export function scopeOf(person: Person): Scope {
  return DISTRICT_ROLES.includes(person.role)
    ? { kind: 'district' }
    : { kind: 'office', office: person.office, person: person.id };
}

export function recordInScope(
  scope: Scope,
  office: OfficeId,
  access: readonly PersonId[],
): boolean {
  return scope.kind === 'district' || office === scope.office || access.includes(scope.person);
}

/** True when `person` would only see the record through its access list. */
export function needsAccessGrant(person: Person, recordOffice: OfficeId): boolean {
  return !DISTRICT_ROLES.includes(person.role) && person.office !== recordOffice;
}
