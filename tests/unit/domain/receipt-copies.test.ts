// A receipt sent to several people (issue 17, decision 0008): the holder records each
// copy made for another recipient on the original; each copy is a receipt of its own
// whose first event names the original and carries its letter's particulars. The rules
// hold who may do which, once; a copy then moves and counts in pendency on its own.
import { describe, expect, it } from 'vitest';
import { beginChange } from '@domain/change.ts';
import { createRecord, diarise, send, type SendInput } from '@domain/commands.ts';
import { copyReceiptFrom, recordReceiptCopy } from '@domain/receipt-copy-commands.ts';
import { asOfficeId, type PersonId } from '@domain/ids.ts';
import { pendencyByPerson } from '@domain/pendency.ts';
import { CLERK, NAIB, TEHSILDAR, meta, rid } from './builders.ts';
import { NOW, record } from './change-harness.ts';

const plain = { remarks: 'for action', dueDate: null, priority: 'urgent' } as const;
const sendTo = (to: PersonId) => (c: Parameters<typeof send>[0]) =>
  send(c, { to, ...plain } satisfies SendInput);
const LETTER = {
  from: 'SDM Vikasnagar',
  letterNumber: '88/ST',
  letterDate: '2026-01-03',
  mode: 'hand',
} as const;

/** A diarised receipt held by the clerk. */
function original() {
  const r = record(meta('receipt'));
  r.run(CLERK, (c) => diarise(c, LETTER));
  return r;
}

/** A new receipt made as a copy of `of`, by `actor`, in one change. */
function copyOf(of: ReturnType<typeof original>, actor: PersonId = CLERK) {
  const c = beginChange(null, of.ctx(actor));
  createRecord(c, {
    kind: 'receipt',
    id: rid(50),
    number: 'VKN/DAK/2026/3-9',
    subject: 'Relief for the flood-hit',
    category: 'disasterRelief',
    office: asOfficeId('vikasnagar'),
  });
  return c;
}

describe('a receipt sent to several people', () => {
  it('records on the original each copy made, by its holder, once each', () => {
    const r = original();
    const made = { copy: rid(50), number: 'VKN/DAK/2026/3-9', to: NAIB };
    expect(r.run(CLERK, (c) => recordReceiptCopy(c, made)).ok).toBe(true);
    expect(r.run(CLERK, (c) => recordReceiptCopy(c, made))).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(
      r.run(CLERK, (c) => recordReceiptCopy(c, { ...made, copy: rid(51), to: CLERK })),
    ).toMatchObject({ ok: false, error: 'notAllowed' });
    r.run(CLERK, sendTo(TEHSILDAR));
    // Once it is sent on, only its new holder records copies of it.
    expect(r.run(CLERK, (c) => recordReceiptCopy(c, { ...made, copy: rid(52) }))).toMatchObject({
      ok: false,
      error: 'notHolder',
    });
    const s = r.state();
    expect(s.receiptCopies.map((c) => [c.receipt, c.number, c.to, c.by])).toEqual([
      [rid(50), 'VKN/DAK/2026/3-9', NAIB, CLERK],
    ]);
    expect(s.holder).toBe(TEHSILDAR);
  });

  it('makes each copy a receipt of its own, with the original’s particulars and link', () => {
    const from = original();
    const c = copyOf(from);
    expect(copyReceiptFrom(c, from.state()).ok).toBe(true);
    // Its particulars are the original's: it is not diarised again, and names one original.
    expect(diarise(c, LETTER)).toMatchObject({ ok: false, error: 'notAllowed' });
    expect(copyReceiptFrom(c, from.state())).toMatchObject({ ok: false, error: 'notAllowed' });
    expect(sendTo(NAIB)(c).ok).toBe(true);
    const s = c.state();
    expect(s?.copyOf).toEqual({ receipt: from.state().meta.id, number: from.state().meta.number });
    expect(s?.letter).toEqual(LETTER);
    expect(s?.holder).toBe(NAIB);
    expect([s?.priority, s?.hops[1]?.remarks]).toEqual(['urgent', 'for action']);
    // Each copy counts where it is pending; the original where it is.
    expect(
      pendencyByPerson([from.state(), s!], NOW, '2026-02-04')
        .map((p) => p.key)
        .sort(),
    ).toEqual([CLERK, NAIB]);
  });

  it('is made before a copy first moves, and only of a receipt', () => {
    const from = original();
    const moved = copyOf(from);
    diarise(moved, LETTER);
    expect(copyReceiptFrom(moved, from.state())).toMatchObject({ ok: false, error: 'notAllowed' });
    const file = record();
    expect(
      file.run(CLERK, (c) => recordReceiptCopy(c, { copy: rid(50), number: 'x', to: NAIB })),
    ).toMatchObject({ ok: false, error: 'notAllowed' });
    // Only a diarised receipt has copies made of it.
    expect(copyReceiptFrom(copyOf(from), record().state())).toMatchObject({
      ok: false,
      error: 'wrongKind',
    });
  });
});
