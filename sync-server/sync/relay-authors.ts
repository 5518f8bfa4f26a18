import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { Scope } from '../storage/types.ts';

/**
 * What the district takes from an office relay's session
 * (docs/decisions/0010-office-relay.md): only the work of the relay's office's
 * people. Their device signatures are checked as for any push (the relay's
 * session forces them: judge-push.ts), so the relay can neither author an event
 * nor alter one; this check keeps it from forwarding anyone else's.
 */

export const isRelayScope = (scope: Scope): boolean =>
  scope.kind === 'office' && scope.people !== undefined;

/** Why a relay may not forward these new items, or null (always null outside a relay's scope). */
export function relayAuthorProblem(
  scope: Scope,
  meta: RecordMeta,
  created: boolean,
  newEvents: readonly RecordEvent[],
): string | null {
  if (scope.kind !== 'office' || scope.people === undefined) return null;
  const people = scope.people;
  const outsider = (who: string) =>
    `${who} is not of office ${scope.office}: its relay forwards only its own people's work`;
  if (created && !people.includes(meta.createdBy)) return outsider(meta.createdBy);
  const stranger = newEvents.find((e) => !people.includes(e.actor));
  return stranger === undefined ? null : outsider(`event ${stranger.id}: ${stranger.actor}`);
}
