import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  makeClose,
  makeDiarise,
  makeMeta,
  makeNoting,
  makeOpen,
  makePark,
  makePullBack,
  makePutInFile,
  makeReceiptAttached,
  makeReopen,
  makeSend,
} from '@domain/commands.ts';
import type { EventContext } from '@domain/commands.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import type { PersonId } from '@domain/ids.ts';
import { asOfficeId } from '@domain/ids.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import type { Result } from '@domain/result.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, eid, hlcAt, meta, rid } from './builders.ts';

/**
 * Contexts on one shared clock that advances with each call, as devices do
 * once their HLC has received the record's latest event.
 */
function clockedContexts() {
  let n = 0;
  return (actor: PersonId) => (): EventContext => {
    n += 1;
    return {
      actor,
      hlc: hlcAt(T0 + 1000 + n),
      deviceTime: T0 + 1000 + n,
      clockVerified: true,
      newEventId: () => eid(1000 + n),
    };
  };
}

function value<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(`expected ok, got ${String(r.error)}`);
  return r.value;
}

/** A tiny record: apply events produced by commands and refold. */
function record(m: RecordMeta = meta()) {
  const events: RecordEvent[] = [];
  return {
    state: (): RecordState => foldRecord(m, events, T0 + 30 * DAY),
    add: (r: Result<RecordEvent, unknown>) => events.push(value(r)),
  };
}

describe('commands', () => {
  const contextFor = clockedContexts();
  const clerk = contextFor(CLERK);
  const tehsildar = contextFor(TEHSILDAR);
  const naib = contextFor(NAIB);

  it('note, send, open, note, send back: each produced event applies cleanly', () => {
    const r = record();
    r.add(makeNoting(r.state(), clerk(), { text: 'Mutation proposed as per report.' }));
    r.add(
      makeSend(r.state(), clerk(), {
        to: TEHSILDAR,
        remarks: 'for orders',
        dueDate: '2026-01-20',
        priority: 'urgent',
      }),
    );
    expect(allowedActions(r.state(), TEHSILDAR)).toEqual(new Set(['note', 'send', 'park', 'open']));
    expect(allowedActions(r.state(), CLERK)).toEqual(new Set(['pullBack']));
    r.add(makeOpen(r.state(), tehsildar()));
    r.add(makeNoting(r.state(), tehsildar(), { text: 'Approved.' }));
    r.add(
      makeSend(r.state(), tehsildar(), {
        to: CLERK,
        remarks: '',
        dueDate: null,
        priority: 'normal',
      }),
    );
    const s = r.state();
    expect(s.conflicts).toEqual([]);
    expect(s.notes.map((n) => [n.paragraph, n.author])).toEqual([
      [1, CLERK],
      [2, TEHSILDAR],
    ]);
    expect(s.holder).toBe(CLERK);
  });

  it('movement commands take their basis from the state', () => {
    const r = record();
    r.add(
      makeSend(r.state(), clerk(), { to: NAIB, remarks: '', dueDate: null, priority: 'normal' }),
    );
    const head = r.state().head;
    const pulled = value(makePullBack(r.state(), clerk()));
    expect(pulled).toMatchObject({ type: 'pulledBack', basis: head });
  });

  it('refuses what the rules forbid, with named codes', () => {
    const r = record();
    expect(makeNoting(r.state(), naib(), { text: 'x' })).toEqual({ ok: false, error: 'notHolder' });
    expect(makeNoting(r.state(), clerk(), { text: '   ' })).toEqual({
      ok: false,
      error: 'emptyText',
    });
    expect(makeNoting(r.state(), clerk(), { text: 'x'.repeat(20_001) })).toEqual({
      ok: false,
      error: 'textTooLong',
    });
    expect(makeNoting(null, clerk(), { text: 'x' })).toEqual({ ok: false, error: 'noRecord' });
    const sendTo = (to: PersonId, dueDate: string | null) =>
      makeSend(r.state(), clerk(), { to, remarks: '', dueDate, priority: 'normal' });
    expect(sendTo(CLERK, null)).toEqual({ ok: false, error: 'sendToSelf' });
    expect(sendTo(NAIB, '2026-02-30')).toEqual({ ok: false, error: 'invalidDate' });
    expect(sendTo('bad id with spaces' as PersonId, null)).toEqual({
      ok: false,
      error: 'invalidInput',
    });
    expect(makePullBack(r.state(), clerk())).toEqual({ ok: false, error: 'notAllowed' });
    expect(makeOpen(r.state(), clerk())).toEqual({ ok: false, error: 'notAllowed' });
    expect(makeReopen(r.state(), clerk())).toEqual({ ok: false, error: 'notAllowed' });
  });

  it('only the creator closes; closed files take no notings; reopen restores them', () => {
    const r = record();
    r.add(
      makeSend(r.state(), clerk(), { to: NAIB, remarks: '', dueDate: null, priority: 'normal' }),
    );
    r.add(makeOpen(r.state(), naib()));
    expect(makeClose(r.state(), naib())).toEqual({ ok: false, error: 'notAllowed' });
    expect(allowedActions(r.state(), NAIB).has('close')).toBe(false);
    r.add(
      makeSend(r.state(), naib(), { to: CLERK, remarks: '', dueDate: null, priority: 'normal' }),
    );
    r.add(makeClose(r.state(), clerk(), { remarks: 'filed' }));
    expect(r.state().status).toBe('closed');
    expect(allowedActions(r.state(), CLERK)).toEqual(new Set(['reopen']));
    expect(makeNoting(r.state(), clerk(), { text: 'late' })).toEqual({
      ok: false,
      error: 'recordClosed',
    });
    r.add(makeReopen(r.state(), clerk()));
    r.add(makeNoting(r.state(), clerk(), { text: 'reopened for review' }));
    expect(r.state().conflicts).toEqual([]);
  });

  it('park and unpark by the holder', () => {
    const r = record();
    r.add(makePark(r.state(), clerk(), { remarks: 'awaiting report' }));
    expect(r.state().status).toBe('parked');
    expect(makePark(r.state(), clerk())).toEqual({ ok: false, error: 'notAllowed' });
    expect(allowedActions(r.state(), CLERK).has('reopen')).toBe(true);
    r.add(makeReopen(r.state(), clerk()));
    expect(r.state().status).toBe('active');
  });

  it('diarise a new receipt, then put it in a file', () => {
    const d = value(
      makeDiarise(null, clerk(), {
        from: 'SDM Vikasnagar',
        letterNumber: '88/ST',
        letterDate: '2026-01-03',
        mode: 'hand',
      }),
    );
    expect(d.type).toBe('diarised');
    expect(
      makeDiarise(null, clerk(), {
        from: 'x',
        letterNumber: 'y',
        letterDate: '03-01-2026',
        mode: 'hand',
      }),
    ).toEqual({ ok: false, error: 'invalidDate' });
    expect(
      makeDiarise(null, clerk(), {
        from: '',
        letterNumber: 'y',
        letterDate: '2026-01-03',
        mode: 'hand',
      }),
    ).toEqual({ ok: false, error: 'emptyText' });
    const r = record(meta('receipt'));
    r.add({ ok: true, value: d });
    expect(
      makeDiarise(r.state(), clerk(), {
        from: 'x',
        letterNumber: 'y',
        letterDate: '2026-01-03',
        mode: 'post',
      }),
    ).toEqual({ ok: false, error: 'notAllowed' });
    expect(allowedActions(r.state(), CLERK)).toEqual(
      new Set(['send', 'park', 'close', 'putInFile']),
    );
    r.add(makePutInFile(r.state(), clerk(), { fileId: rid(5), fileNumber: 'VKN/REV/2026/3-17' }));
    expect(r.state().inFile?.fileId).toBe(rid(5));
    const file = record();
    file.add(
      makeReceiptAttached(file.state(), clerk(), {
        receiptId: rid(6),
        diaryNumber: 'VKN/D/2026/3-5',
        subject: 'Relief',
      }),
    );
    expect(file.state().receipts).toHaveLength(1);
    expect(makePutInFile(file.state(), clerk(), { fileId: rid(5), fileNumber: 'x' })).toEqual({
      ok: false,
      error: 'notAllowed',
    });
  });

  it('refuses an event whose HLC is older than the record (a missed receive)', () => {
    const r = record();
    r.add(makeNoting(r.state(), clerk(), { text: 'first' }));
    const behind: EventContext = { ...clerk(), hlc: hlcAt(T0 + 1) };
    expect(makeNoting(r.state(), behind, { text: 'second' })).toEqual({
      ok: false,
      error: 'clockBehind',
    });
  });

  it('allowedActions respects the role when given', () => {
    const r = record(meta('receipt'));
    expect(allowedActions(r.state(), CLERK, 'deskAssistant').has('putInFile')).toBe(true);
    expect(allowedActions(r.state(), CLERK, 'dm').has('putInFile')).toBe(false);
  });

  it('makeMeta builds valid meta from the context', () => {
    const m = value(
      makeMeta(clerk(), {
        kind: 'file',
        id: rid(1),
        number: 'VKN/LR/2026/3-1',
        subject: 'Boundary dispute',
        category: 'landRecords',
        office: asOfficeId('vikasnagar'),
      }),
    );
    expect(m).toMatchObject({ schemaVersion: 1, createdBy: CLERK, kind: 'file' });
    expect(
      makeMeta(clerk(), {
        kind: 'file',
        id: rid(1),
        number: 'n',
        subject: '',
        category: 'rti',
        office: asOfficeId('v'),
      }),
    ).toEqual({ ok: false, error: 'emptyText' });
  });
});
