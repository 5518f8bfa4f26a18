import { findPerson, type Directory } from '@domain/directory.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { Scope } from '../storage/types.ts';

/**
 * What the district takes from an office relay's session
 * (docs/decisions/0010-office-relay.md): only the work of the relay's office's
 * people. Their device signatures are checked as for any push (the relay's
 * session forces them: judge-push.ts), so the relay can neither author an event
 * nor alter one; this check keeps it from forwarding anyone else's. The relay
 * judges its tablets' pushes by the same rule, so that what it takes is what the
 * district will take from it.
 */

export const isRelayScope = (scope: Scope): boolean =>
  scope.kind === 'office' && scope.people !== undefined;

/** The office whose people alone may author a push's new items, and how to tell them. */
export interface OnlyOfficeWork {
  readonly office: OfficeId;
  readonly ours: (who: PersonId) => boolean;
}

/**
 * A relay's session at the district: its scope's people. Any session at an office
 * relay (`relayOffice`): the people the directory lists in that office. Elsewhere null.
 */
export function onlyOfficeWork(
  scope: Scope,
  directory: Directory,
  relayOffice: OfficeId | undefined,
): OnlyOfficeWork | null {
  if (scope.kind === 'office' && scope.people !== undefined) {
    const people = scope.people;
    return { office: scope.office, ours: (who) => people.includes(who) };
  }
  if (relayOffice === undefined) return null;
  return { office: relayOffice, ours: (who) => findPerson(directory, who)?.office === relayOffice };
}

/** Why these new items may not be forwarded, or null (always null when `only` is). */
export function relayAuthorProblem(
  only: OnlyOfficeWork | null,
  meta: RecordMeta,
  created: boolean,
  newEvents: readonly RecordEvent[],
): string | null {
  if (only === null) return null;
  const outsider = (who: string) =>
    `${who} is not of office ${only.office}: its relay forwards only its own people's work`;
  if (created && !only.ours(meta.createdBy)) return outsider(meta.createdBy);
  const stranger = newEvents.find((e) => !only.ours(e.actor));
  return stranger === undefined ? null : outsider(`event ${stranger.id}: ${stranger.actor}`);
}
