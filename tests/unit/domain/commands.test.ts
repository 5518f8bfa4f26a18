import { describe, expect, it } from 'vitest';
import { beginChange } from '@domain/change.ts';
import {
  allowedActions,
  attachReceipt,
  close,
  createRecord,
  diarise,
  note,
  open,
  park,
  pullBack,
  putInFile,
  reopen,
  send,
} from '@domain/commands.ts';
import { foldRecord } from '@domain/fold.ts';
import type { PersonId } from '@domain/ids.ts';
import { asOfficeId } from '@domain/ids.ts';
import { CLERK, NAIB, T0, TEHSILDAR, hlcAt, meta, rid } from './builders.ts';
import { NOW, record } from './change-harness.ts';

const toNaib = { to: NAIB, remarks: '', dueDate: null, priority: 'normal' } as const;
const refusal = (error: string, detail?: RegExp) =>
  detail ? { ok: false, error, detail: expect.stringMatching(detail) } : { ok: false, error };

describe('commands', () => {
  it('note, send, open, note, send back: each produced event applies cleanly', () => {
    const r = record();
    r.run(CLERK, (c) => note(c, { text: 'Mutation proposed as per report.' }));
    r.run(CLERK, (c) =>
      send(c, { to: TEHSILDAR, remarks: 'for orders', dueDate: '2026-01-20', priority: 'urgent' }),
    );
    expect(allowedActions(r.state(), TEHSILDAR)).toEqual(new Set(['note', 'send', 'park', 'open']));
    expect(allowedActions(r.state(), CLERK)).toEqual(new Set(['pullBack']));
    r.run(TEHSILDAR, open);
    r.run(TEHSILDAR, (c) => note(c, { text: 'Approved.' }));
    r.run(TEHSILDAR, (c) => send(c, { ...toNaib, to: CLERK }));
    const s = r.state();
    expect(s.conflicts).toEqual([]);
    expect(s.notes.map((n) => [n.paragraph, n.author])).toEqual([
      [1, CLERK],
      [2, TEHSILDAR],
    ]);
    expect(s.holder).toBe(CLERK);
  });

  it('one change may hold several events; each sees the state the one before left', () => {
    const r = record();
    const c = r.as(CLERK);
    expect(note(c, { text: '  Put up for orders.  ' })).toMatchObject({ ok: true });
    expect(send(c, toNaib)).toMatchObject({ ok: true });
    expect(pullBack(c)).toMatchObject({ ok: true });
    expect(c.events.map((e) => e.type)).toEqual(['noting', 'sent', 'pulledBack']);
    expect(c.events[0]).toMatchObject({ text: 'Put up for orders.' });
    // The change's own state equals folding the record's events afresh.
    expect(c.state()).toEqual(foldRecord(meta(), c.events, NOW));
    expect(c.state()?.holder).toBe(CLERK);
  });

  it('movement commands take their basis from the state', () => {
    const r = record();
    r.run(CLERK, (c) => send(c, toNaib));
    const head = r.state().head;
    expect(r.run(CLERK, pullBack)).toMatchObject({
      ok: true,
      value: { type: 'pulledBack', basis: head },
    });
  });

  it('refuses what the schema and the rules forbid, with named codes, adding nothing', () => {
    const r = record();
    expect(r.run(NAIB, (c) => note(c, { text: 'x' }))).toEqual(refusal('notHolder', /noting/));
    expect(r.run(CLERK, (c) => note(c, { text: '   ' }))).toEqual(
      refusal('invalidInput', /"text" must not be empty/),
    );
    expect(r.run(CLERK, (c) => note(c, { text: 'x'.repeat(20_001) }))).toEqual(
      refusal('invalidInput', /"text" must be at most 20000/),
    );
    const sendTo = (to: PersonId, dueDate: string | null) =>
      r.run(CLERK, (c) => send(c, { ...toNaib, to, dueDate }));
    expect(sendTo(CLERK, null)).toEqual(refusal('notAllowed', /sent/));
    expect(sendTo(NAIB, '2026-02-30')).toEqual(refusal('invalidInput', /dueDate/));
    expect(sendTo('bad id with spaces' as PersonId, null)).toEqual(refusal('invalidInput', /"to"/));
    expect(r.run(CLERK, pullBack)).toEqual(refusal('notAllowed', /pulledBack/));
    expect(r.run(CLERK, reopen)).toEqual(refusal('notAllowed', /reopened/));
    expect(r.events).toEqual([]);
  });

  it('a refused event leaves the change usable', () => {
    const r = record();
    const c = r.as(CLERK);
    expect(pullBack(c)).toMatchObject({ ok: false });
    expect(note(c, { text: 'still here' })).toMatchObject({ ok: true });
    expect(c.events.map((e) => e.type)).toEqual(['noting']);
  });

  it('opening records something only when the record awaits the actor', () => {
    const r = record();
    expect(r.run(CLERK, open)).toEqual({ ok: true, value: null });
    r.run(CLERK, (c) => send(c, toNaib));
    expect(r.run(TEHSILDAR, open)).toEqual({ ok: true, value: null });
    expect(r.run(NAIB, open)).toMatchObject({ ok: true, value: { type: 'opened' } });
    expect(r.run(NAIB, open)).toEqual({ ok: true, value: null });
    expect(r.state().awaitingOpen).toBe(false);
  });

  it('only the creator closes; closed files take no notings; reopen restores them', () => {
    const r = record();
    r.run(CLERK, (c) => send(c, toNaib));
    r.run(NAIB, open);
    expect(r.run(NAIB, close)).toEqual(refusal('notAllowed', /closed/));
    expect(allowedActions(r.state(), NAIB).has('close')).toBe(false);
    r.run(NAIB, (c) => send(c, { ...toNaib, to: CLERK }));
    r.run(CLERK, (c) => close(c, { remarks: 'filed' }));
    expect(r.state().status).toBe('closed');
    expect(allowedActions(r.state(), CLERK)).toEqual(new Set(['reopen']));
    expect(r.run(CLERK, (c) => note(c, { text: 'late' }))).toEqual(
      refusal('recordClosed', /noting/),
    );
    r.run(CLERK, reopen);
    r.run(CLERK, (c) => note(c, { text: 'reopened for review' }));
    expect(r.state().conflicts).toEqual([]);
    expect(r.state().status).toBe('active');
  });

  it('park and unpark by the holder', () => {
    const r = record();
    r.run(CLERK, (c) => park(c, { remarks: 'awaiting report' }));
    expect(r.state().status).toBe('parked');
    expect(r.run(CLERK, park)).toEqual(refusal('notAllowed', /parked/));
    expect(allowedActions(r.state(), CLERK).has('reopen')).toBe(true);
    r.run(CLERK, reopen);
    expect(r.state().status).toBe('active');
  });

  it('creates a receipt with its diarised event, then puts it in a file', () => {
    const r = record(meta('receipt'));
    const fresh = beginChange(null, r.ctx(CLERK));
    const fields = {
      kind: 'receipt',
      id: rid(1),
      number: 'VKN/D/2026/3-5',
      subject: ' Relief ',
      category: 'revenue',
      office: asOfficeId('vikasnagar'),
    } as const;
    expect(
      diarise(fresh, { from: 'x', letterNumber: 'y', letterDate: '2026-01-03', mode: 'hand' }),
    ).toEqual(refusal('notFound'));
    const created = createRecord(fresh, fields);
    expect(created).toMatchObject({ ok: true, value: { subject: 'Relief', createdBy: CLERK } });
    const letter = { from: 'SDM Vikasnagar', letterNumber: '88/ST', mode: 'hand' } as const;
    expect(diarise(fresh, { ...letter, letterDate: '03-01-2026' })).toEqual(
      refusal('invalidInput', /letterDate/),
    );
    expect(diarise(fresh, { ...letter, from: ' ', letterDate: '2026-01-03' })).toEqual(
      refusal('invalidInput', /"from"/),
    );
    expect(diarise(fresh, { ...letter, letterDate: '2026-01-03' })).toMatchObject({ ok: true });
    expect(diarise(fresh, { ...letter, letterDate: '2026-01-03' })).toEqual(
      refusal('notAllowed', /diarised/),
    );
    expect(createRecord(fresh, fields)).toEqual(refusal('notAllowed', /exists/));
    expect(fresh.created).toMatchObject({ kind: 'receipt', subject: 'Relief' });
    expect(fresh.state()?.letter?.from).toBe('SDM Vikasnagar');

    r.events.push(...fresh.events);
    expect(allowedActions(r.state(), CLERK)).toEqual(
      new Set(['send', 'park', 'close', 'putInFile']),
    );
    r.run(CLERK, (c) => putInFile(c, { fileId: rid(5), fileNumber: 'VKN/REV/2026/3-17' }));
    expect(r.state().inFile?.fileId).toBe(rid(5));
    const file = record();
    file.run(CLERK, (c) =>
      attachReceipt(c, { receiptId: rid(6), diaryNumber: 'VKN/D/2026/3-5', subject: 'Relief' }),
    );
    expect(file.state().receipts).toHaveLength(1);
    expect(file.run(CLERK, (c) => putInFile(c, { fileId: rid(5), fileNumber: 'x' }))).toEqual(
      refusal('notAllowed', /putInFile/),
    );
  });

  it('refuses a new record whose subject is empty', () => {
    const c = beginChange(null, record().ctx(CLERK));
    const fields = {
      kind: 'file',
      id: rid(1),
      number: 'n',
      category: 'rti',
      office: asOfficeId('v'),
    } as const;
    expect(createRecord(c, { ...fields, subject: '  ' })).toEqual(
      refusal('invalidInput', /subject/),
    );
    expect(c.state()).toBeNull();
  });

  it('refuses an event whose HLC does not sort after the record (a missed receive)', () => {
    const r = record();
    r.run(CLERK, (c) => note(c, { text: 'first' }));
    const behind = beginChange(
      { meta: meta(), events: r.events },
      {
        ...r.ctx(CLERK),
        tick: () => ({ hlc: hlcAt(T0 + 1), deviceTime: T0, clockVerified: true }),
      },
    );
    expect(note(behind, { text: 'second' })).toEqual(refusal('invalidInput', /clockBehind/));
  });

  it('refuses what the actor’s role may not make, when the role is given', () => {
    const r = record(meta('receipt'));
    const asDm = r.as(CLERK, 'dm');
    expect(
      diarise(asDm, { from: 'x', letterNumber: 'y', letterDate: '2026-01-03', mode: 'post' }),
    ).toEqual(refusal('roleForbidden', /diarised/));
    expect(allowedActions(r.state(), CLERK, 'deskAssistant').has('putInFile')).toBe(true);
    expect(allowedActions(r.state(), CLERK, 'dm').has('putInFile')).toBe(false);
  });
});
