import type { Role } from '@domain/directory.ts';
import type { LetterEvent, RecordEvent } from '@domain/events.ts';
import { LETTER_EVENT_TYPES } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import { letterHash, namesDraft } from '@domain/letters.ts';
import type { RefusalReason } from '@domain/refusals.ts';

/**
 * The server's checks of draft-letter events in a pushed update (issue 16),
 * each with its own reason: an approved draft is frozen (`letterFrozen`: no
 * new version, no second approval), only the office's approver roles approve
 * (`approverForbidden`), an approval names a version of the draft with that
 * version's hash (`letterHashMismatch`), and only an approved draft is
 * dispatched (`letterNotApproved`). "Approved" means an approval stored
 * before, or earlier in the same update: what order the fold then gives the
 * events does not matter, since nothing that changes an approved draft is
 * ever stored. (The fold's own letter rules, rules.ts, decide the rest.)
 */

export interface LetterCheckInput {
  readonly recordId: RecordId;
  /** Events stored before this update. */
  readonly existing: readonly RecordEvent[];
  /** Events the update adds, in document order. */
  readonly added: readonly RecordEvent[];
  /** The role of an event's author; undefined when unknown (the role check refused it already). */
  readonly roleOf: (e: RecordEvent) => Role | undefined;
  /** The roles that may approve letters of the record's office. */
  readonly approvers: readonly Role[];
}

export interface LetterRefusal {
  readonly reason: RefusalReason;
  readonly detail: string;
}

const LETTER_TYPES: ReadonlySet<string> = new Set(LETTER_EVENT_TYPES);
const isLetter = (e: RecordEvent): e is LetterEvent => LETTER_TYPES.has(e.type);

export function checkLetterEvents(input: LetterCheckInput): LetterRefusal | null {
  const seen = [...input.existing];
  const approved = new Set<EventId>(
    seen.flatMap((e) => (e.type === 'letterApproved' ? [e.draft] : [])),
  );
  for (const e of input.added) {
    if (isLetter(e)) {
      const problem = checkOne(e, seen, approved, input);
      if (problem !== null) return problem;
      if (e.type === 'letterApproved') approved.add(e.draft);
    }
    seen.push(e);
  }
  return null;
}

function checkOne(
  e: LetterEvent,
  seen: readonly RecordEvent[],
  approved: ReadonlySet<EventId>,
  input: LetterCheckInput,
): LetterRefusal | null {
  if (!namesDraft(e)) return null;
  const draft = seen.find((x) => x.id === e.draft);
  if (draft?.type !== 'letterDrafted')
    return { reason: 'eventMalformed', detail: `${e.type} names ${e.draft}, not a draft letter` };
  const frozen = approved.has(e.draft);
  switch (e.type) {
    case 'letterRevised':
      return frozen ? { reason: 'letterFrozen', detail: `draft ${e.draft} is approved` } : null;
    case 'letterDispatched':
      return frozen
        ? null
        : { reason: 'letterNotApproved', detail: `draft ${e.draft} is not approved` };
    case 'letterApproved': {
      const role = input.roleOf(e);
      if (role === undefined || !input.approvers.includes(role))
        return { reason: 'approverForbidden', detail: `${role ?? e.actor} may not approve` };
      if (frozen) return { reason: 'letterFrozen', detail: `draft ${e.draft} is approved already` };
      const version = seen.find(
        (x) =>
          x.id === e.version &&
          (x.id === e.draft || (x.type === 'letterRevised' && x.draft === e.draft)),
      );
      if (version?.type !== 'letterDrafted' && version?.type !== 'letterRevised')
        return { reason: 'eventMalformed', detail: `approves ${e.version}, not a version` };
      return letterHash(input.recordId, e.draft, version) === e.textHash
        ? null
        : { reason: 'letterHashMismatch', detail: `approval of ${e.version}` };
    }
  }
}
