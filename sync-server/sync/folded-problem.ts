import type { Directory } from '@domain/directory.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import { gradeProblem, isGradeEvent, mayLowerGrade } from '@domain/grades.ts';
import { copyProblem, withdrawProblem } from '@domain/copies.ts';
import { volumeProblem } from '@domain/volumes.ts';
import { closureProblem, mayApproveClosure } from '@domain/closure.ts';
import { attachPairProblem } from '@domain/file-attach.ts';
import { groupProblem } from '@domain/groups.ts';
import { isMovement } from '@domain/rules.ts';
import { DEFAULT_APPROVER_ROLES } from '@domain/letters.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import type { RecordEvent } from '@domain/events.ts';
import { unlinkProblem } from '@domain/file-links.ts';
import type { RefusalReason } from '@protocol/messages.ts';
import type { RecordRules } from './record-rules.ts';

/**
 * The rules a record folded with a pushed update decides (judge-update.ts
 * commitVerdict): grades, saved groups, copies, volumes, closure, withdrawals, links
 * and attached files, each by the domain's own check.
 */

/** Grade changes and access grants the server does not take (grades.ts gradeProblem). */
function gradeRefusal(
  state: RecordState | null,
  newEvents: readonly RecordEvent[],
  dir: Directory,
): string | null {
  if (state === null || !newEvents.some(isGradeEvent)) return null;
  const officers = findOffice(dir, state.meta.office)?.approverRoles ?? DEFAULT_APPROVER_ROLES;
  return gradeProblem(state, newEvents, (e) =>
    mayLowerGrade(state.meta.createdBy, e.actor, findPerson(dir, e.actor)?.role, officers),
  );
}

/**
 * A saved group's changes the server does not take (groups.ts groupProblem): by
 * someone not of its office, malformed as a group, or after its deletion; and a
 * group's events on a file or receipt.
 */
function groupRefusal(
  meta: RecordMeta,
  all: readonly RecordEvent[] | undefined,
  newEvents: readonly RecordEvent[],
  created: boolean,
  dir: Directory,
) {
  const added = new Set(newEvents.map((e) => e.id));
  const existing = (all ?? []).filter((e) => !added.has(e.id));
  return groupProblem(meta, existing, newEvents, created, (p) => findPerson(dir, p)?.office);
}

/** Closes naming an approver the server does not take (closure.ts closureProblem). */
function closureRefusal(
  state: RecordState | null,
  newEvents: readonly RecordEvent[],
  dir: Directory,
): string | null {
  if (state === null) return null;
  return closureProblem(state, newEvents, (p) => mayApproveClosure(dir, state.meta.office, p));
}

export /** Why the record, folded with the update, refuses its new events (null: it does not). */
function foldedProblem(
  folded: ReturnType<RecordRules['summarize']>,
  meta: RecordMeta,
  newEvents: readonly RecordEvent[],
  created: boolean,
  directory: Directory,
): { readonly reason: RefusalReason; readonly detail: string } | null {
  const group = groupRefusal(meta, folded.group?.events, newEvents, created, directory);
  if (group !== null) return group;
  const state = folded.state ?? null;
  const found: readonly [RefusalReason, () => string | null][] = [
    ['gradeForbidden', () => gradeRefusal(state, newEvents, directory)],
    ['copyOnly', () => (state ? copyProblem(state, newEvents, isMovement) : null)],
    ['volumeInvalid', () => (state ? volumeProblem(state, newEvents) : null)],
    ['closureInvalid', () => closureRefusal(state, newEvents, directory)],
    ['withdrawInvalid', () => (state ? withdrawProblem(state, newEvents) : null)],
    ['unlinkInvalid', () => (state ? unlinkProblem(state, newEvents) : null)],
    ['attachInvalid', () => (state ? attachPairProblem(state, newEvents) : null)],
  ];
  for (const [reason, check] of found) {
    const detail = check();
    if (detail !== null) return { reason, detail };
  }
  return null;
}
