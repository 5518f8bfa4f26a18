// A dismissal lets go of its author's own words only, and a re-submission
// links its author's own lost noting to their own new noting; the server
// refuses one naming someone else's event or an event the record does not have.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { eventsArray, readEventsDetailed, readRecordState } from '@doc/record-doc.ts';
import { eventsInUpdate } from '@doc/update-events.ts';
import { validateUpdate, type UpdateContext } from '@doc/validate-update.ts';
import { CLERK, T0, TEHSILDAR, eid, ev, meta, note, send } from '../domain/builders.ts';
import { appendTo, createdState, replicaOf } from './helpers.ts';

const clerk: UpdateContext = { actor: CLERK, role: 'deskAssistant' };
const tehsildar: UpdateContext = { actor: TEHSILDAR, role: 'tehsildar' };

/** Sent to the tehsildar; then a noting by each of them (the clerk's lost: notHolder). */
const current = createdState(meta(), [
  send(1, CLERK, T0, TEHSILDAR, null),
  note(2, TEHSILDAR, T0 + 2, 'Seen.'),
  note(3, CLERK, T0 + 3, 'para 4: map attached as flag A'),
]);
const dismissal = (actor: typeof CLERK, target: number) =>
  ev(9, 'conflictDismissed', actor, T0 + 9, { conflict: eid(target), reason: 'moot' });

function outcome(update: Uint8Array, ctx: UpdateContext) {
  const r = validateUpdate(current, update, ctx);
  return r.ok ? 'accepted' : r.error;
}

describe('dismissals at the server', () => {
  it('accepts the author dismissing their own event', () => {
    expect(outcome(appendTo(current, [dismissal(CLERK, 3)]), clerk)).toBe('accepted');
  });

  it('refuses a dismissal of someone else’s event, naming both', () => {
    expect(outcome(appendTo(current, [dismissal(TEHSILDAR, 3)]), tehsildar)).toEqual({
      reason: 'actorMismatch',
      detail: `${TEHSILDAR} dismisses event ${eid(3)} by ${CLERK}`,
    });
  });

  it('refuses a dismissal of an event the record does not have', () => {
    expect(outcome(appendTo(current, [dismissal(CLERK, 42)]), clerk)).toEqual({
      reason: 'eventMalformed',
      detail: `dismisses unknown event ${eid(42)}`,
    });
  });

  it('refuses a reason too long, as a malformed event', () => {
    const long = { ...dismissal(CLERK, 3), reason: 'x'.repeat(501) };
    const r = validateUpdate(current, appendTo(current, [long]), clerk);
    expect(r.ok ? 'accepted' : r.error.reason).toBe('eventMalformed');
  });
});

describe('re-submissions at the server', () => {
  const again = note(10, CLERK, T0 + 10, 'para 4: map attached as flag A');
  const link = (actor: typeof CLERK, target: number, noting: number) =>
    ev(11, 'conflictResubmitted', actor, T0 + 11, { conflict: eid(target), noting: eid(noting) });

  it('accepts the author linking their lost noting to their new one', () => {
    expect(outcome(appendTo(current, [again, link(CLERK, 3, 10)]), clerk)).toBe('accepted');
  });

  it('refuses a link to someone else’s noting, or to a new event that is not a noting', () => {
    expect(outcome(appendTo(current, [link(CLERK, 3, 2)]), clerk)).toEqual({
      reason: 'actorMismatch',
      detail: `${CLERK} re-submits event ${eid(2)} by ${TEHSILDAR}`,
    });
    expect(outcome(appendTo(current, [link(CLERK, 3, 1)]), clerk)).toEqual({
      reason: 'eventMalformed',
      detail: `re-submits as ${eid(1)}, which is not a noting`,
    });
    expect(outcome(appendTo(current, [link(CLERK, 3, 42)]), clerk)).toEqual({
      reason: 'eventMalformed',
      detail: `re-submits unknown event ${eid(42)}`,
    });
  });
});

describe('a build that does not know an event type', () => {
  it('skips the entry and folds the rest as before: the file, its notings and conflicts stay', () => {
    // What an older build does with a dismissal: its reader finds an unknown type.
    const unknown = { ...dismissal(CLERK, 3), type: 'answeredInALaterBuild' };
    const doc = replicaOf(current, 5);
    eventsArray(doc).push([unknown]);
    const read = readEventsDetailed(doc);
    expect(read.invalid).toEqual([{ index: 3, problem: 'event: unknown type' }]);
    const before = readRecordState(replicaOf(current, 6), T0 + 20);
    expect(readRecordState(doc, T0 + 20)).toEqual(before);
    expect(before?.conflicts.map((c) => c.event.id)).toEqual([eid(3)]);
  });
});

describe('eventsInUpdate', () => {
  it('reads the events an update carries even when it builds on content not present', () => {
    const update = appendTo(current, [note(5, CLERK, T0 + 5, 'पैरा 4: नक्शा संलग्न')]);
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, update);
    expect(scratch.store.pendingStructs).not.toBeNull();
    expect(eventsInUpdate(update)).toEqual([note(5, CLERK, T0 + 5, 'पैरा 4: नक्शा संलग्न')]);
  });

  it('gives nothing for bytes that are not an update', () => {
    expect(eventsInUpdate(new Uint8Array([1, 2, 3, 250]))).toEqual([]);
  });
});
