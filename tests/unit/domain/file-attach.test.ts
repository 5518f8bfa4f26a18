// A file attached under another (issue 17): the holder of both attaches one under the
// other (an event on each), the attached file moves only with its main file (its send
// names it; alone it is not sent, parked or closed), one level only, detached it moves
// on its own again; attachProblem names the other file's problems; strict schemas.
import { describe, expect, it } from 'vitest';
import { close, park, send } from '@domain/commands.ts';
import type { RecordChange } from '@domain/change.ts';
import { attachUnder, detachFrom } from '@domain/file-attach-commands.ts';
import { attachProblem } from '@domain/file-attach.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, NAIB, T0, ev, meta, rid } from './builders.ts';
import { record } from './change-harness.ts';

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
    expect(both(CLERK, (m, u) => attachUnder(u, m))).toMatchObject({ ok: false });
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

  it('names the other file by its own number and subject', () => {
    const other = { id: rid(2), kind: 'file', number: 'VKN/REV/2026/3-2', subject: 'x' } as const;
    const e = { type: 'fileAttached', file: rid(2), number: other.number, subject: 'x' } as const;
    expect(attachProblem(e, other)).toBeNull();
    expect(attachProblem({ ...e, subject: 'y' }, other)).toMatch(/another number or subject/);
    expect(attachProblem({ ...e, type: 'attachedUnder' }, { ...other, kind: 'receipt' })).toMatch(
      /not a file/,
    );
    expect(attachProblem(e, null)).toMatch(/not known/);
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
