import type { Directory, Office, Person } from '@domain/directory.ts';
import { findPerson } from '@domain/directory.ts';
import { asPersonId, type OfficeId, type PersonId } from '@domain/ids.ts';
import type { OfficeScope, Scope } from '../storage/types.ts';
import { scopeOf } from '../sync/scope.ts';

/**
 * An office relay's identity at the district (docs/decisions/0010-office-relay.md):
 * an account named `relay:<office id>`, bound to that one office, whose key the
 * administrator issues (`admin add-relay`) and revokes (`admin revoke-relay`).
 * It is not a person of the directory and can author nothing: the district takes
 * from a relay session only events signed by their authors' device keys, authored
 * by people of the relay's office (sync/judge-update.ts).
 */

const PREFIX = 'relay:';

export const isRelayId = (id: string): boolean => id.startsWith(PREFIX);

export const relayIdOf = (office: OfficeId): PersonId => asPersonId(PREFIX + office);

/** The office named by its id or its code (`VKN`), or undefined. */
export function officeNamed(dir: Directory, name: string): Office | undefined {
  const lower = name.toLowerCase();
  return dir.offices.find((o) => o.id === name || o.code.toLowerCase() === lower);
}

/**
 * The relay account as the sync code sees a signed-in principal: bound to its
 * office, with the lowest role (it never authors; see above). Undefined when the id
 * is not a relay's or its office is not in the directory.
 */
export function relayPerson(dir: Directory, id: PersonId): Person | undefined {
  if (!isRelayId(id)) return undefined;
  // `relay:VKN` names the same account as `relay:vikasnagar` (what `--office` says).
  const office = officeNamed(dir, id.slice(PREFIX.length));
  if (office === undefined) return undefined;
  return {
    id: relayIdOf(office.id),
    name: { en: `Office relay ${office.code}`, hi: `कार्यालय रिले ${office.code}` },
    designation: { en: 'Office relay', hi: 'कार्यालय रिले' },
    role: 'deskAssistant',
    office: office.id,
  };
}

/** A directory person, or a relay account of one of its offices. */
export const principalOf = (dir: Directory, id: PersonId): Person | undefined =>
  findPerson(dir, id) ?? relayPerson(dir, id);

/**
 * What a relay may hold: whatever any person of its office may see (their
 * office's records, records sent to any of them, confidential ones whose access
 * list names one of them), and whose new events it may forward.
 */
export function relayScope(dir: Directory, relay: Person): OfficeScope {
  const people = dir.people.filter((p) => p.office === relay.office).map((p) => p.id);
  return { kind: 'office', office: relay.office, person: relay.id, people };
}

/**
 * What a signed-in principal may read: a person their own scope, an office relay
 * what its office's people may see (syncs, scans).
 */
export const principalScope = (dir: Directory, person: Person): Scope =>
  isRelayId(person.id) ? relayScope(dir, person) : scopeOf(person);
