import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldRecord } from '@domain/fold.ts';
import type { RecordEvent } from '@domain/events.ts';
import { boundedTime, causalOrder, logOf, type LogEntry } from '@domain/record-log.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, eid, meta, note, send } from './builders.ts';

/**
 * The record's order is the server's log order, never a device clock
 * (docs/decisions/0002-record-order.md): what the server has positioned keeps
 * its place whatever timestamps later events claim.
 */

const M = meta();
const entry = (eventId: string, pos: number, receivedAt = T0, notBefore = T0): LogEntry => ({
  eventId,
  pos,
  receivedAt,
  notBefore,
});
/** Entries for events in arrival order, as the server gives them. */
const arrived = (events: readonly RecordEvent[]) => logOf(events.map((e, i) => entry(e.id, i + 1)));

describe('causalOrder', () => {
  it('puts an event after what it builds on in the same update, else keeps document order', () => {
    const a = send(1, CLERK, T0, NAIB, null);
    const b = send(2, NAIB, T0 - DAY, TEHSILDAR, eid(1)); // builds on a, dated before it
    const c = note(3, CLERK, T0 - 2 * DAY);
    expect(causalOrder([b, c, a]).map((e) => e.id)).toEqual([eid(1), eid(2), eid(3)]);
    expect(causalOrder([c, a, b]).map((e) => e.id)).toEqual([eid(3), eid(1), eid(2)]);
  });

  it('follows `prev` too, when events carry it', () => {
    const a = note(1, CLERK, T0);
    const b = { ...note(2, CLERK, T0 - DAY), prev: ['hash-of-a'] };
    const keys = (e: RecordEvent) => (e.id === a.id ? [a.id, 'hash-of-a'] : [e.id]);
    expect(causalOrder([b, a], keys).map((e) => e.id)).toEqual([eid(1), eid(2)]);
    expect(causalOrder([b, a]).map((e) => e.id)).toEqual([eid(2), eid(1)]);
  });
});

describe('boundedTime', () => {
  const e = entry('x', 1, T0 + DAY, T0);
  it('keeps a claim inside [notBefore, receivedAt] and trusts it', () => {
    expect(boundedTime(T0 + 5, true, e)).toEqual({ at: T0 + 5, verified: true });
  });
  it('clamps a claim outside the bounds and marks it unverified', () => {
    expect(boundedTime(T0 - DAY, true, e)).toEqual({ at: T0, verified: false });
    expect(boundedTime(T0 + 9 * DAY, true, e)).toEqual({ at: T0 + DAY, verified: false });
  });
  it('allows a minute of skew, and never trusts an unverified device clock', () => {
    expect(boundedTime(T0 - 30_000, true, e)).toEqual({ at: T0, verified: true });
    expect(boundedTime(T0 + 5, false, e)).toEqual({ at: T0 + 5, verified: false });
  });
  it('leaves an unlogged event (this device’s unsent work) as claimed', () => {
    expect(boundedTime(T0 - DAY, true, undefined)).toEqual({ at: T0 - DAY, verified: true });
  });
});

describe('fold in log order', () => {
  it('a backdated duplicate send that arrives later is the conflict, not the real send', () => {
    const real = send(1, CLERK, T0 + DAY, NAIB, null);
    const forged = send(2, CLERK, T0 + DAY - 1, TEHSILDAR, null);
    const s = foldRecord(M, [real, forged], T0 + 9 * DAY, arrived([real, forged]));
    expect(s.holder).toBe(NAIB);
    expect(s.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[eid(2), 'staleBasis']]);
    // Without the log (today's rule) the earlier timestamp wins: the attack this closes.
    expect(foldRecord(M, [real, forged], T0 + 9 * DAY).holder).toBe(TEHSILDAR);
  });

  it('a backdated noting lands last: finalised paragraphs keep their numbers', () => {
    const notes = [note(1, CLERK, T0 + 1), note(2, CLERK, T0 + 2), note(3, CLERK, T0 + 3)];
    const late = note(4, CLERK, T0 - DAY);
    const s = foldRecord(M, [...notes, late], T0 + DAY, arrived([...notes, late]));
    expect(s.notes.map((n) => [n.paragraph, n.eventId])).toEqual([
      [1, eid(1)],
      [2, eid(2)],
      [3, eid(3)],
      [4, eid(4)],
    ]);
  });

  it('unsent local events follow everything the server positioned, in clock order', () => {
    const logged = note(1, CLERK, T0 + DAY);
    const localLate = note(2, CLERK, T0 + 3);
    const localEarly = note(3, CLERK, T0 + 2);
    const s = foldRecord(M, [localLate, logged, localEarly], T0 + DAY, arrived([logged]));
    expect(s.notes.map((n) => n.eventId)).toEqual([eid(1), eid(3), eid(2)]);
  });

  /** Any claimed time: backdated, far future, equal to others, random. */
  const claimed = fc.oneof(
    fc.constant(T0),
    fc.integer({ min: 0, max: T0 }),
    fc.integer({ min: T0, max: T0 + 3650 * DAY }),
    fc.integer({ min: T0 - 10, max: T0 + 10 }),
  );

  it('no later-arriving event, whatever time it claims, changes what the server ordered before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ms: claimed, kind: fc.constantFrom('note', 'send') }), {
          minLength: 1,
          maxLength: 12,
        }),
        (specs) => {
          // Sends alternate holders from whatever basis the author last saw (maybe stale).
          const people = [CLERK, NAIB, TEHSILDAR];
          const events: RecordEvent[] = specs.map((sp, i) =>
            sp.kind === 'note'
              ? note(i + 1, people[i % 3] ?? CLERK, sp.ms)
              : send(i + 1, people[i % 3] ?? CLERK, sp.ms, people[(i + 1) % 3] ?? NAIB, null),
          );
          const log = arrived(events);
          for (let k = 1; k < events.length; k++) {
            const before = foldRecord(M, events.slice(0, k), T0, log);
            const after = foldRecord(M, events.slice(0, k + 1), T0, log);
            expect(after.notes.slice(0, before.notes.length)).toEqual(before.notes);
            expect(after.hops.slice(0, before.hops.length - 1)).toEqual(before.hops.slice(0, -1));
            expect(after.conflicts.slice(0, before.conflicts.length)).toEqual(before.conflicts);
          }
        },
      ),
    );
  });
});
