import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import {
  allowedActions,
  close,
  note,
  open,
  park,
  pullBack,
  reopen,
  send,
} from '@domain/commands.ts';
import type { Action } from '@domain/commands.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord, foldRecordWithLog } from '@domain/fold.ts';
import { createHlc, maxHlc } from '@domain/hlc.ts';
import type { PersonId } from '@domain/ids.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, eid, meta } from './builders.ts';

/**
 * Several devices (one per person) act on the same file from whatever they
 * have seen so far, sync partially at random, and sometimes act on purpose
 * from a stale view (a rogue noting or send). Whatever happens, every
 * delivery order must fold to one state, with one holder, and every event
 * must be either applied or reported as a conflict.
 */

const PEOPLE = [CLERK, NAIB, TEHSILDAR] as const;
const NOW = T0 + 60 * DAY;
const M = meta();

const stepArb = fc.record({
  device: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
  kind: fc.constantFrom('act', 'act', 'sync', 'rogue'),
  pick: fc.nat(),
  mask: fc.nat(),
  advanceMs: fc.integer({ min: 0, max: 3 * DAY }),
});

interface Device {
  readonly person: PersonId;
  readonly known: Map<string, RecordEvent>;
  readonly hlc: ReturnType<typeof createHlc>;
}

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Called after each command with its change and the events the device knew before it. */
type OnChange = (change: RecordChange, known: readonly RecordEvent[]) => void;

function simulate(steps: readonly Step[], skews: readonly number[], onChange?: OnChange) {
  let wall = T0;
  let nextId = 1;
  const all: RecordEvent[] = [];
  const devices: Device[] = PEOPLE.map((person, i) => ({
    person,
    known: new Map(),
    hlc: createHlc(`dev-${i}`, () => wall + (skews[i] ?? 0)),
  }));
  const contextOf = (d: Device): ChangeContext => {
    const latest = maxHlc([...d.known.values()].map((e) => e.hlc));
    if (latest !== null) d.hlc.receive(latest);
    return {
      actor: d.person,
      tick: () => ({ hlc: d.hlc.tick(), deviceTime: wall, clockVerified: true }),
      newEventId: () => eid(nextId++),
      now: wall,
    };
  };
  const record = (d: Device, events: readonly RecordEvent[]) => {
    for (const e of events) {
      d.known.set(e.id, e);
      all.push(e);
    }
  };
  for (const step of steps) {
    wall += step.advanceMs;
    const d = devices[step.device]!;
    if (step.kind === 'sync') {
      // Partial sync: the device receives a random subset of what exists.
      all.forEach((e, i) => ((step.mask >> (i % 30)) & 1) === 1 && d.known.set(e.id, e));
      continue;
    }
    const known = [...d.known.values()];
    const state = foldRecord(M, known, wall);
    const ctx = contextOf(d);
    const other = PEOPLE[(step.device + 1 + (step.pick % 2)) % PEOPLE.length]!;
    if (step.kind === 'rogue') {
      // Bypass the command checks, as an out-of-date or tampered device might.
      const base = {
        id: ctx.newEventId(),
        actor: ctx.actor,
        hlc: ctx.tick().hlc,
        deviceTime: wall,
        clockVerified: false,
      };
      const rogue: RecordEvent =
        step.pick % 2 === 0
          ? { ...base, type: 'noting', text: 'rogue' }
          : {
              ...base,
              type: 'sent',
              basis: state.head,
              to: other,
              remarks: '',
              dueDate: null,
              priority: 'normal',
            };
      record(d, [rogue]);
      continue;
    }
    const actions = [...allowedActions(state, d.person)];
    const action: Action | undefined = actions[step.pick % Math.max(1, actions.length)];
    if (action === undefined) continue;
    const change = beginChange({ meta: M, events: known }, ctx);
    const commands: Record<Action, () => unknown> = {
      note: () => note(change, { text: `note ${nextId}` }),
      send: () => send(change, { to: other, remarks: '', dueDate: null, priority: 'normal' }),
      open: () => open(change),
      pullBack: () => pullBack(change),
      park: () => park(change),
      close: () => close(change),
      reopen: () => reopen(change),
      putInFile: () => null,
    };
    commands[action]();
    onChange?.(change, known);
    record(d, change.events);
  }
  return all;
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const historyArb = fc.record({
  steps: fc.array(stepArb, { minLength: 1, maxLength: 40 }),
  skews: fc.array(fc.integer({ min: -DAY, max: DAY }), { minLength: 3, maxLength: 3 }),
  seeds: fc.array(fc.integer(), { minLength: 3, maxLength: 3 }),
});

describe('fold properties', () => {
  it('any delivery order (with duplicates) folds to the same state', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews, seeds }) => {
        const events = simulate(steps, skews);
        const reference = foldRecord(M, events, NOW);
        for (const seed of seeds) {
          const redelivered = [...shuffled(events, seed), ...events.slice(0, seed & 3)];
          expect(foldRecord(M, shuffled(redelivered, seed + 1), NOW)).toEqual(reference);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('there is always exactly one holder, the holder of the one open hop', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        const s = foldRecord(M, simulate(steps, skews), NOW);
        const open = s.hops.filter((h) => h.until === null);
        expect(open).toHaveLength(1);
        expect(open[0]?.holder).toBe(s.holder);
        expect(s.hops.at(-1)).toBe(open[0]);
        expect(PEOPLE).toContain(s.holder);
      }),
      { numRuns: 300 },
    );
  });

  it('every event is applied or reported as a conflict, never both, never dropped', () => {
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        const events = simulate(steps, skews);
        const { state, applied } = foldRecordWithLog(M, events, NOW);
        const conflicted = state.conflicts.map((c) => c.event.id);
        const unique = new Set(events.map((e) => e.id));
        expect(applied.length + conflicted.length).toBe(unique.size);
        expect(new Set([...applied, ...conflicted])).toEqual(unique);
        expect(state.notes.map((n) => n.paragraph)).toEqual(state.notes.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('a command sees, event by event, exactly the fold of the record with its events', () => {
    let checked = 0;
    fc.assert(
      fc.property(historyArb, ({ steps, skews }) => {
        simulate(steps, skews, (change, known) => {
          checked += change.events.length;
          const all = [...known, ...change.events];
          expect(change.state()).toEqual(foldRecord(M, all, change.ctx.now));
        });
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  it('conflicts do arise in these histories (the generator is not too tame)', () => {
    const sample = fc.sample(historyArb, { numRuns: 200, seed: 42 });
    const withConflicts = sample.filter(
      ({ steps, skews }) => foldRecord(M, simulate(steps, skews), NOW).conflicts.length > 0,
    );
    expect(withConflicts.length).toBeGreaterThan(10);
  });
});
