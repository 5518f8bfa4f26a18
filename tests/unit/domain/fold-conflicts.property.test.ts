import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { compareEvents, sortEvents } from '@domain/event-order.ts';
import { foldRecord } from '@domain/fold.ts';
import { M, NOW, historyArb, simulate } from './histories.ts';

/**
 * The fold rule for words written by someone who no longer held the file
 * (docs/ARCHITECTURE.md, "Conflicts"): such a noting never enters the note
 * sheet, whose paragraphs are the holders' own in order; it stays in the
 * record as a conflict carrying its full text until its author re-submits it
 * (a new noting, numbered where it lands) or dismisses it with a reason.
 * Answers only mark; nothing is ever removed.
 */

const RUNS = { numRuns: 300 };

/** The holder just before `e` in fold order, from the events that precede it. */
function holderBefore(events: readonly RecordEvent[], e: RecordEvent): string {
  return foldRecord(
    M,
    sortEvents(events).filter((x) => compareEvents(x, e) < 0),
    NOW,
  ).holder;
}

describe('the note sheet under offline conflicts', () => {
  it('a noting is a paragraph exactly when its author held the file; otherwise a conflict with its full text', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        const events = simulate(steps, skews);
        const s = foldRecord(M, events, NOW);
        for (const e of sortEvents(events)) {
          if (e.type !== 'noting') continue;
          const para = s.notes.filter((n) => n.eventId === e.id);
          const kept = s.conflicts.filter((c) => c.event.id === e.id);
          expect(para.length + kept.length).toBe(1);
          if (para[0] !== undefined) {
            expect(para[0].text).toBe(e.text);
            expect(holderBefore(events, e)).toBe(e.actor);
          } else if (kept[0]?.reason === 'notHolder') {
            expect(kept[0].event).toEqual(e);
            expect(holderBefore(events, e)).not.toBe(e.actor);
          }
        }
      }),
      RUNS,
    );
  });

  // Also what a build that does not know the answer events sees (it skips them): the same
  // sheet, movements and conflicts, only without the marks.
  it('answers only mark conflicts: the sheet, the movements and every conflict stay', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        const events = simulate(steps, skews);
        const withAnswers = foldRecord(M, events, NOW);
        const without = foldRecord(M, events.filter(notAnswer), NOW);
        expect(withAnswers.notes).toEqual(without.notes);
        expect(withAnswers.hops).toEqual(without.hops);
        expect(withAnswers.holder).toBe(without.holder);
        expect(withAnswers.status).toBe(without.status);
        const kept = withAnswers.conflicts.filter((c) => notAnswer(c.event)).map((c) => c.event);
        expect(kept).toEqual(without.conflicts.map((c) => c.event));
      }),
      RUNS,
    );
  });

  it('only the author of a conflict answers it, by an event of theirs that is in the record', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        const events = simulate(steps, skews);
        const byId = new Map(events.map((e) => [e.id, e]));
        for (const c of foldRecord(M, events, NOW).conflicts) {
          if (c.resolution === null) continue;
          const answer = byId.get(c.resolution.eventId);
          expect(answer?.actor).toBe(c.event.actor);
          if (c.resolution.kind === 'resubmitted') {
            expect(answer).toMatchObject({
              type: 'noting',
              text: c.event.type === 'noting' && c.event.text,
            });
            const link = events.find(
              (e) => e.type === 'conflictResubmitted' && e.noting === c.resolution?.eventId,
            );
            expect(link).toMatchObject({ actor: c.event.actor, conflict: c.event.id });
          } else {
            expect(answer).toMatchObject({ type: 'conflictDismissed', conflict: c.event.id });
          }
        }
      }),
      RUNS,
    );
  });

  it('these histories do answer conflicts, and rogue dismissals do occur (the generator is not tame)', () => {
    const sample = fc.sample(historyArb, { numRuns: 300, seed: 7 });
    const states = sample.map(({ steps, skews }) => foldRecord(M, simulate(steps, skews), NOW));
    const answered = states.flatMap((s) => s.conflicts.filter((c) => c.resolution !== null));
    expect(answered.some((c) => c.resolution?.kind === 'dismissed')).toBe(true);
    expect(answered.some((c) => c.resolution?.kind === 'resubmitted')).toBe(true);
    const refused = states.flatMap((s) =>
      s.conflicts.filter((c) => c.event.type === 'conflictDismissed'),
    );
    expect(refused.length).toBeGreaterThan(5);
  });
});

function notAnswer(e: RecordEvent): boolean {
  return e.type !== 'conflictDismissed' && e.type !== 'conflictResubmitted';
}
