// A file attached under another (issue 17): the holder of both attaches one under the
// other (an event on each), the attached file moves only with its main file (its send
// names it; alone it is not sent, parked or closed), one level only, detached it moves
// on its own again; attachProblem names the other file's problems; strict schemas.
import { describe, expect, it } from 'vitest';
import { close, park, send } from '@domain/commands.ts';
import type { RecordChange } from '@domain/change.ts';
import { attachUnder, detachFrom } from '@domain/file-attach-commands.ts';
import { attachPairProblem, attachProblem } from '@domain/file-attach.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, NAIB, T0, TEHSILDAR, ev, meta, rid } from './builders.ts';
import { NOW, record } from './change-harness.ts';

const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;
const fileMeta = (n: number, number: string) => ({ ...meta(), id: rid(n), number });

/** Two files on one clock: `run` changes both in one step, as the device's transaction does. */
function pair() {
  const main = record(fileMeta(1, 'VKN/REV/2026/3-1'));
  const under = record(fileMeta(2, 'VKN/REV/2026/3-2'));
  const both = (
    actor: typeof CLERK,
    command: (m: RecordChange, u: RecordChange) => ReturnType<typeof attachUnder>,
  ) => {
    const m = main.as(actor);
    const u = under.as(actor);
    const outcome = command(m, u);
    if (outcome.ok) {
      main.events.push(...m.events);
      under.events.push(...u.events);
    }
    return outcome;
  };
  return { main, under, both };
}

describe('a file attached under another', () => {
  it('is attached by the holder of both, once, one level only', () => {
    const { main, under, both } = pair();
    expect(both(NAIB, attachUnder)).toMatchObject({ ok: false, error: 'notHolder' });
    expect(both(CLERK, attachUnder).ok).toBe(true);
    expect(main.state().attached.map((a) => [a.file, a.number])).toEqual([
      [rid(2), 'VKN/REV/2026/3-2'],
    ]);
    expect(under.state().attachedUnder).toEqual({ file: rid(1), number: 'VKN/REV/2026/3-1' });
    expect(both(CLERK, attachUnder)).toMatchObject({ ok: false, error: 'notAllowed' });
    // The main file is not attached under the one attached under it.
    expect(both(CLERK, (m, u) => attachUnder(u, m))).toMatchObject({
      ok: false,
      error: 'attachCycle',
    });
  });

  it('moves only with its main file, and on its own once detached', () => {
    const { under, both } = pair();
    both(CLERK, attachUnder);
    expect(under.run(CLERK, (c) => send(c, { to: NAIB, ...plain }))).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(under.run(CLERK, (c) => park(c))).toMatchObject({ ok: false, error: 'notAllowed' });
    expect(under.run(CLERK, (c) => close(c))).toMatchObject({ ok: false, error: 'notAllowed' });
    const withOther = { to: NAIB, ...plain, withFile: rid(9) };
    expect(under.run(CLERK, (c) => send(c, withOther))).toMatchObject({ ok: false });
    expect(under.run(CLERK, (c) => send(c, { ...withOther, withFile: rid(1) })).ok).toBe(true);
    expect(under.state().holder).toBe(NAIB);

    const again = pair();
    again.both(CLERK, attachUnder);
    expect(again.both(CLERK, detachFrom).ok).toBe(true);
    expect(again.main.state().attached).toEqual([]);
    expect(again.under.state().attachedUnder).toBeNull();
    expect(again.under.run(CLERK, (c) => send(c, { to: NAIB, ...plain })).ok).toBe(true);
    // A send naming a main file is only for a file attached under it.
    expect(again.main.run(CLERK, (c) => send(c, withOther))).toMatchObject({ ok: false });
  });

  it('names the other file by its own number and subject, one its author held', () => {
    const other = {
      id: rid(2),
      kind: 'file',
      number: 'VKN/REV/2026/3-2',
      subject: 'x',
      participants: [CLERK],
    } as const;
    const e = {
      type: 'fileAttached',
      file: rid(2),
      number: other.number,
      subject: 'x',
      actor: CLERK,
    } as const;
    expect(attachProblem(e, other)).toBeNull();
    expect(attachProblem({ ...e, actor: NAIB }, other)).toMatch(/naib.* never held .*3-2/);
    expect(attachProblem({ ...e, subject: 'y' }, other)).toMatch(/another number or subject/);
    expect(attachProblem({ ...e, type: 'attachedUnder' }, { ...other, kind: 'receipt' })).toMatch(
      /not a file/,
    );
    expect(attachProblem(e, null)).toMatch(/not known/);
  });

  it('refuses impossible pairs on the tablet, and the server refuses them too', () => {
    // A file under itself.
    const self = pair();
    expect(self.both(CLERK, (m) => attachUnder(m, m))).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    // Under a file attached under it (a cycle), and a file attached elsewhere already.
    const { main, under, both } = pair();
    expect(both(CLERK, attachUnder).ok).toBe(true);
    expect(both(CLERK, (m, u) => attachUnder(u, m))).toMatchObject({
      ok: false,
      error: 'attachCycle',
    });
    const third = record(fileMeta(3, 'VKN/REV/2026/3-3'));
    expect(attachUnder(third.as(CLERK), under.as(CLERK))).toMatchObject({
      ok: false,
      error: 'attachedElsewhere',
    });
    // One level: the main file, with a file under it, is not attached under the third,
    // and the third takes nothing under the attached file.
    expect(attachUnder(third.as(CLERK), main.as(CLERK))).toMatchObject({
      ok: false,
      error: 'attachNested',
    });
    expect(attachUnder(under.as(CLERK), third.as(CLERK))).toMatchObject({
      ok: false,
      error: 'attachNested',
    });
    // A closed file, on either side.
    const closed = pair();
    closed.main.run(CLERK, (c) => close(c));
    expect(closed.both(CLERK, attachUnder)).toMatchObject({ ok: false, error: 'attachClosed' });
    expect(closed.both(CLERK, (m, u) => attachUnder(u, m))).toMatchObject({
      ok: false,
      error: 'attachClosed',
    });
    // A file its author does not hold.
    const held = pair();
    held.under.run(CLERK, (c) => send(c, { to: NAIB, ...plain }));
    expect(held.both(CLERK, attachUnder)).toMatchObject({ ok: false, error: 'notHolder' });
    expect(held.both(NAIB, attachUnder)).toMatchObject({ ok: false, error: 'notHolder' });

    // The server refuses what no state of the file allows: a file under itself, a stranger's.
    const at = (n: number, type: 'attachedUnder' | 'fileAttached', actor = CLERK, file = rid(1)) =>
      type === 'attachedUnder'
        ? ev(n, type, actor, T0 + 5000 + n, { file, number: 'VKN/REV/2026/3-1' })
        : ev(n, type, actor, T0 + 5000 + n, { file, number: 'VKN/REV/2026/3-1', subject: 'x' });
    const onItself = at(20, 'attachedUnder', CLERK, rid(2));
    const fold = (r: ReturnType<typeof record>, e: RecordEvent) =>
      foldRecord(r.state().meta, [...r.events, e], NOW);
    expect(attachPairProblem(fold(self.under, onItself), [onItself])).toMatch(/under itself/);
    // A cycle, a file attached elsewhere, a closed file: conflicts, as work done elsewhere
    // meanwhile (the file pulled back and closed, attached by its sender) makes them.
    const cycle = { ...at(21, 'attachedUnder'), file: rid(2) };
    const elsewhere = { ...at(22, 'attachedUnder'), file: rid(3) };
    const onClosed = { ...at(23, 'fileAttached'), file: rid(2) };
    for (const [r, e, reason] of [
      [main, cycle, 'notAllowed'],
      [under, elsewhere, 'notAllowed'],
      [closed.main, onClosed, 'recordClosed'],
    ] as const) {
      const kept = fold(r, e);
      expect(kept.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[e.id, reason]]);
      expect(attachPairProblem(kept, [e])).toBeNull();
    }
    const stranger = at(24, 'attachedUnder', TEHSILDAR);
    expect(attachPairProblem(fold(self.under, stranger), [stranger])).toMatch(/never held/);
    // A past holder's (an offline tablet's, the file moved on meanwhile): a conflict, not refused.
    const past = at(25, 'attachedUnder');
    const s = fold(held.under, past);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notHolder']);
    expect(attachPairProblem(s, [past])).toBeNull();
    // The holder's own, taking effect: taken.
    const fine = at(26, 'attachedUnder');
    expect(attachPairProblem(fold(pair().under, fine), [fine])).toBeNull();
  });

  it('has strict schemas', () => {
    const e = ev(1, 'attachedUnder', CLERK, T0, { file: rid(1), number: 'VKN/REV/2026/3-1' });
    expect(parseEvent(e).ok).toBe(true);
    expect(parseEvent({ ...e, holder: NAIB }).ok).toBe(false);
    const sent = ev(2, 'sent', CLERK, T0, { basis: null, to: NAIB, ...plain, withFile: rid(1) });
    expect(parseEvent(sent).ok).toBe(true);
    expect(parseEvent({ ...sent, withFile: 'main' }).ok).toBe(false);
  });
});
