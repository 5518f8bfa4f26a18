import type { Directory, Person } from './directory.ts';
import type { OfficeId, PersonId } from './ids.ts';

/** How far a person's review reaches (DESIGN.md §1, issue 6). */
export type ReviewReach =
  | { readonly kind: 'district' }
  | { readonly kind: 'office'; readonly offices: readonly OfficeId[] }
  | { readonly kind: 'desk'; readonly person: PersonId };

/** Staff see their desk, tehsil officers their office, ADM/DM/trainer the district; null: no review. */
export function reviewReachOf(person: Person, directory: Directory): ReviewReach | null {
  switch (person.role) {
    case 'adm':
    case 'dm':
    case 'trainer':
      return { kind: 'district' };
    case 'tehsildar':
    case 'naibTehsildar':
    case 'sdm': {
      // A sub-division's officer also reviews the tehsils under it.
      const children = directory.offices.filter((o) => o.parent === person.office);
      return { kind: 'office', offices: [person.office, ...children.map((o) => o.id)] };
    }
    // A kanungo is tehsil staff (DESIGN.md §1): their own desk, not the office.
    case 'deskAssistant':
    case 'kanungo':
    case 'nazir':
    case 'collectorateStaff':
      return { kind: 'desk', person: person.id };
    default:
      return null;
  }
}
