import fc from 'fast-check';
import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import {
  allowedActions,
  close,
  conflictResubmitted,
  dismissConflict,
  markSeen,
  note,
  open,
  park,
  pullBack,
  reopen,
  send,
} from '@domain/commands.ts';
import type { Action } from '@domain/commands.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { createHlc, maxHlc } from '@domain/hlc.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, eid, meta } from './builders.ts';
import { letterStep } from './letter-steps.ts';

/**
 * Random office histories for the conflict properties: as in
 * fold.property.test.ts, devices act from partial views and sometimes rogue;
 * here they also answer their own conflicts (dismiss with a reason, or
 * re-submit a noting's text), and rogue devices dismiss others' conflicts.
 */

/**
 * The author answers one of their open conflicts (a re-submitted noting, or a
 * dismissal), or with `rogue` someone dismisses a conflict that is not theirs
 * (bypassing the command's check, as a tampered device might).
 */
function answer(
  state: RecordState,
  ctx: ChangeContext,
  known: { readonly meta: RecordMeta; readonly events: readonly RecordEvent[] },
  rogue: boolean,
  pick: number,
  onChange?: OnChange,
): readonly RecordEvent[] {
  const open = state.conflicts.filter(
    (c) =>
      c.resolution === null && (rogue ? c.event.actor !== ctx.actor : c.event.actor === ctx.actor),
  );
  const c = open[pick % Math.max(1, open.length)];
  if (c === undefined) return [];
  const reason = `no longer needed ${pick}`;
  if (rogue) {
    const { hlc, deviceTime, clockVerified } = ctx.tick();
    const id = ctx.newEventId();
    return [
      {
        id,
        actor: ctx.actor,
        hlc,
        deviceTime,
        clockVerified,
        type: 'conflictDismissed',
        conflict: c.event.id,
        reason,
      },
    ];
  }
  const change = beginChange(known, ctx);
  if (c.event.type === 'noting' && pick % 2 === 0) {
    const again = note(change, { text: c.event.text });
    if (again.ok) conflictResubmitted(change, { conflict: c.event.id, noting: again.value.id });
  }
  if (change.events.length === 0) dismissConflict(change, { conflict: c.event.id, reason });
  onChange?.(change, known.events);
  return change.events;
}

export const PEOPLE = [CLERK, NAIB, TEHSILDAR] as const;
export const NOW = T0 + 60 * DAY;
export const M = meta();

type StepKind = 'act' | 'sync' | 'rogue' | 'answer' | 'rogueDismiss' | 'letter';

const stepArbOf = (kinds: readonly StepKind[]) =>
  fc.record({
    device: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
    kind: fc.constantFrom(...kinds),
    pick: fc.nat(),
    mask: fc.nat(),
    advanceMs: fc.integer({ min: 0, max: 3 * DAY }),
  });
const stepArb = stepArbOf(['act', 'act', 'sync', 'rogue', 'answer', 'rogueDismiss']);

interface Device {
  readonly person: PersonId;
  readonly known: Map<string, RecordEvent>;
  readonly hlc: ReturnType<typeof createHlc>;
}

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Called after each command with its change and the events the device knew before it. */
type OnChange = (change: RecordChange, known: readonly RecordEvent[]) => void;

export function simulate(steps: readonly Step[], skews: readonly number[], onChange?: OnChange) {
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
    if (step.kind === 'answer' || step.kind === 'rogueDismiss') {
      record(
        d,
        answer(
          state,
          ctx,
          { meta: M, events: known },
          step.kind === 'rogueDismiss',
          step.pick,
          onChange,
        ),
      );
      continue;
    }
    if (step.kind === 'letter') {
      const change = beginChange({ meta: M, events: known }, ctx);
      letterStep(change, state, d.person, step.pick, nextId, step.device);
      onChange?.(change, known);
      record(d, change.events);
      continue;
    }
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
      // Every third send copies the file to the third person, for information (copies.ts).
      send: () =>
        send(change, {
          to: other,
          remarks: '',
          dueDate: null,
          priority: 'normal',
          ...(step.pick % 3 === 0 && {
            copyTo: PEOPLE.filter((p) => p !== d.person && p !== other),
          }),
        }),
      open: () => open(change),
      pullBack: () => pullBack(change),
      park: () => park(change),
      close: () => close(change),
      reopen: () => reopen(change),
      putInFile: () => null,
      markSeen: () => markSeen(change),
    };
    commands[action]();
    onChange?.(change, known);
    record(d, change.events);
  }
  return all;
}

export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const historyArbOf = (steps: typeof stepArb) =>
  fc.record({
    steps: fc.array(steps, { minLength: 1, maxLength: 40 }),
    skews: fc.array(fc.integer({ min: -DAY, max: DAY }), { minLength: 3, maxLength: 3 }),
    seeds: fc.array(fc.integer(), { minLength: 3, maxLength: 3 }),
  });

/** Histories in which people also answer their conflicts, and rogues forge answers. */
export const historyArb = historyArbOf(stepArb);
/** Histories of acting, draft letters, syncing and rogue moves (the fold's own properties). */
export const plainHistoryArb = historyArbOf(
  stepArbOf(['act', 'act', 'sync', 'rogue', 'letter', 'letter', 'letter']),
);
