import { describe, expect, it } from 'vitest';
import { foldRecord, foldRecordWithLog } from '@domain/fold.ts';
import { asRecordId } from '@domain/ids.ts';
import {
  CLERK,
  DAY,
  NAIB,
  T0,
  TEHSILDAR,
  eid,
  ev,
  meta,
  move,
  note,
  send,
  uuid,
} from './builders.ts';

const NOW = T0 + 10 * DAY;

describe('foldRecord: holder and movement', () => {
  it('a new file is with its creator since creation', () => {
    const s = foldRecord(meta(), [], NOW);
    expect(s).toMatchObject({
      holder: CLERK,
      holderSince: T0,
      holderSinceVerified: true,
      status: 'active',
      awaitingOpen: false,
      head: null,
      participants: [CLERK],
      lastActivity: T0,
    });
    expect(s.hops).toHaveLength(1);
    expect(s.hops[0]).toMatchObject({ holder: CLERK, from: null, until: null, dwellMs: 10 * DAY });
  });

  it('numbers notings 1..n in event order, whatever order they arrive in', () => {
    const events = [
      note(3, CLERK, T0 + 3000),
      note(1, CLERK, T0 + 1000),
      note(2, CLERK, T0 + 2000),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s.notes.map((n) => [n.paragraph, n.eventId, n.at])).toEqual([
      [1, eid(1), T0 + 1000],
      [2, eid(2), T0 + 2000],
      [3, eid(3), T0 + 3000],
    ]);
    expect(s.notes[0]).toMatchObject({ author: CLERK, text: 'noting 1', clockVerified: true });
  });

  it('a send makes the recipient holder from the moment it was sent', () => {
    const sent = send(2, CLERK, T0 + 2 * DAY, TEHSILDAR, null, {
      dueDate: '2026-01-20',
      priority: 'urgent',
      remarks: 'for orders',
    });
    const s = foldRecord(meta(), [note(1, CLERK, T0 + DAY), sent], NOW);
    expect(s).toMatchObject({
      holder: TEHSILDAR,
      holderSince: T0 + 2 * DAY,
      awaitingOpen: true,
      head: eid(2),
      priority: 'urgent',
      dueDate: '2026-01-20',
      participants: [CLERK, TEHSILDAR],
      lastActivity: T0 + 2 * DAY,
    });
    expect(s.hops.map((h) => [h.holder, h.from, h.dwellMs, h.until])).toEqual([
      [CLERK, null, 2 * DAY, T0 + 2 * DAY],
      [TEHSILDAR, CLERK, 8 * DAY, null],
    ]);
    expect(s.hops[1]).toMatchObject({ remarks: 'for orders', openedAt: null });
  });

  it('holderSinceVerified comes from the send that delivered the file', () => {
    const unverified = ev(
      2,
      'sent',
      CLERK,
      T0 + DAY,
      { to: NAIB, basis: null, remarks: '', dueDate: null, priority: 'normal' },
      false,
    );
    const s = foldRecord(meta(), [unverified], NOW);
    expect(s.holderSinceVerified).toBe(false);
    expect(s.hops[1]?.clockVerified).toBe(false);
  });

  it('the recipient opens; anyone else opening is a notHolder conflict', () => {
    const events = [
      send(1, CLERK, T0 + DAY, TEHSILDAR, null),
      move(2, 'opened', NAIB, T0 + DAY + 5, eid(1)),
      move(3, 'opened', TEHSILDAR, T0 + DAY + 10, eid(1)),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s.awaitingOpen).toBe(false);
    expect(s.hops[1]?.openedAt).toBe(T0 + DAY + 10);
    expect(s.head).toBe(eid(3));
    expect(s.conflicts).toEqual([{ event: events[1], reason: 'notHolder', resolution: null }]);
  });

  it('the sender pulls back an unopened file', () => {
    const events = [
      send(1, CLERK, T0 + DAY, TEHSILDAR, null),
      move(2, 'pulledBack', CLERK, T0 + 2 * DAY, eid(1)),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s).toMatchObject({ holder: CLERK, holderSince: T0 + 2 * DAY, awaitingOpen: false });
    expect(s.hops.map((h) => [h.holder, h.pulledBack])).toEqual([
      [CLERK, false],
      [TEHSILDAR, true],
      [CLERK, false],
    ]);
    expect(s.conflicts).toEqual([]);
  });

  it('pull back after the recipient opened is not allowed', () => {
    const events = [
      send(1, CLERK, T0 + DAY, TEHSILDAR, null),
      move(2, 'opened', TEHSILDAR, T0 + DAY + 1, eid(1)),
      move(3, 'pulledBack', CLERK, T0 + DAY + 2, eid(2)),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s.holder).toBe(TEHSILDAR);
    expect(s.conflicts).toEqual([{ event: events[2], reason: 'notAllowed', resolution: null }]);
  });

  it('a noting by the recipient opens the file implicitly, so a later pull back conflicts', () => {
    const events = [
      send(1, CLERK, T0 + DAY, TEHSILDAR, null),
      note(2, TEHSILDAR, T0 + DAY + 1),
      move(3, 'pulledBack', CLERK, T0 + DAY + 2, eid(1)),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s).toMatchObject({ holder: TEHSILDAR, awaitingOpen: false });
    expect(s.hops[1]?.openedAt).toBe(T0 + DAY + 1);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notAllowed']);
  });
});

describe('foldRecord: offline conflicts', () => {
  const sent = send(1, CLERK, T0 + DAY, TEHSILDAR, null);

  it('pull back vs open from the same basis: the earlier wins, the other is staleBasis', () => {
    const pullFirst = [
      sent,
      move(2, 'pulledBack', CLERK, T0 + DAY + 5, eid(1)),
      move(3, 'opened', TEHSILDAR, T0 + DAY + 9, eid(1)),
    ];
    const a = foldRecord(meta(), pullFirst, NOW);
    expect(a.holder).toBe(CLERK);
    expect(a.conflicts).toEqual([{ event: pullFirst[2], reason: 'staleBasis', resolution: null }]);

    const openFirst = [
      sent,
      move(2, 'pulledBack', CLERK, T0 + DAY + 9, eid(1)),
      move(3, 'opened', TEHSILDAR, T0 + DAY + 5, eid(1)),
    ];
    const b = foldRecord(meta(), openFirst, NOW);
    expect(b.holder).toBe(TEHSILDAR);
    expect(b.conflicts).toEqual([{ event: openFirst[1], reason: 'staleBasis', resolution: null }]);
  });

  it('two sends from the same basis: one holder, the other send is kept as a conflict', () => {
    const toNaib = send(1, CLERK, T0 + DAY, NAIB, null);
    const toTehsildar = send(2, CLERK, T0 + DAY, TEHSILDAR, null);
    for (const order of [
      [toNaib, toTehsildar],
      [toTehsildar, toNaib],
    ]) {
      const s = foldRecord(meta(), order, NOW);
      expect(s.holder).toBe(NAIB); // same HLC and actor: the smaller id wins
      expect(s.conflicts).toEqual([{ event: toTehsildar, reason: 'staleBasis', resolution: null }]);
      expect(s.hops.filter((h) => h.until === null)).toHaveLength(1);
    }
  });

  it('equal HLCs are ordered by actor, then id', () => {
    const byNaib = { ...send(5, NAIB, T0 + DAY, TEHSILDAR, null) };
    const byClerk = { ...send(9, CLERK, T0 + DAY, TEHSILDAR, null) };
    const m = { ...meta(), createdBy: CLERK };
    const s = foldRecord(m, [byNaib, byClerk], NOW);
    expect(s.conflicts).toEqual([{ event: byNaib, reason: 'staleBasis', resolution: null }]);
  });

  it('a noting by someone who no longer holds the file is a notHolder conflict', () => {
    const events = [send(1, CLERK, T0 + DAY, TEHSILDAR, null), note(2, CLERK, T0 + DAY + 1)];
    const s = foldRecord(meta(), events, NOW);
    expect(s.notes).toEqual([]);
    expect(s.conflicts).toEqual([{ event: events[1], reason: 'notHolder', resolution: null }]);
  });

  it('a send by a non-holder with the right basis is notHolder', () => {
    const events = [send(1, TEHSILDAR, T0 + DAY, NAIB, null)];
    expect(foldRecord(meta(), events, NOW).conflicts).toEqual([
      { event: events[0], reason: 'notHolder', resolution: null },
    ]);
  });

  it('the same event delivered twice counts once; a different event reusing an id is a conflict', () => {
    const n1 = note(1, CLERK, T0 + 1);
    const forged = { ...note(1, CLERK, T0 + 2), text: 'other' };
    const log = foldRecordWithLog(meta(), [n1, n1, forged], NOW);
    expect(log.state.notes).toHaveLength(1);
    expect(log.applied).toEqual([eid(1)]);
    expect(log.state.conflicts).toEqual([
      { event: forged, reason: 'notAllowed', resolution: null },
    ]);
  });
});

describe('foldRecord: close, park, reopen', () => {
  it('only the creator closes; a closed file takes no notings or sends until reopened', () => {
    const events = [
      send(1, CLERK, T0 + 1, TEHSILDAR, null),
      move(2, 'opened', TEHSILDAR, T0 + 2, eid(1)),
      ev(3, 'closed', TEHSILDAR, T0 + 3, { basis: eid(2), remarks: '' }),
      send(4, TEHSILDAR, T0 + 4, CLERK, eid(2)),
      move(5, 'opened', CLERK, T0 + 5, eid(4)),
      ev(6, 'closed', CLERK, T0 + 6, { basis: eid(5), remarks: 'disposed' }),
      note(7, CLERK, T0 + 7),
      send(8, CLERK, T0 + 8, NAIB, eid(6)),
      move(9, 'reopened', CLERK, T0 + 9, eid(6)),
      note(10, CLERK, T0 + 10),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [eid(3), 'notAllowed'],
      [eid(7), 'recordClosed'],
      [eid(8), 'recordClosed'],
    ]);
    expect(s.status).toBe('active');
    expect(s.notes.map((n) => n.eventId)).toEqual([eid(10)]);
    expect(s.head).toBe(eid(9));
  });

  it('the holder parks; reopened unparks; a send from parked makes it active', () => {
    const parked = ev(1, 'parked', CLERK, T0 + 1, { basis: null, remarks: 'awaiting report' });
    const s1 = foldRecord(meta(), [parked], NOW);
    expect(s1.status).toBe('parked');
    const s2 = foldRecord(meta(), [parked, move(2, 'reopened', CLERK, T0 + 2, eid(1))], NOW);
    expect(s2.status).toBe('active');
    const s3 = foldRecord(meta(), [parked, send(2, CLERK, T0 + 2, NAIB, eid(1))], NOW);
    expect(s3).toMatchObject({ status: 'active', holder: NAIB });
  });

  it('parking by a non-holder, parking twice and reopening an active file are refused', () => {
    const events = [
      ev(1, 'parked', NAIB, T0 + 1, { basis: null, remarks: '' }),
      move(2, 'reopened', CLERK, T0 + 2, null),
      ev(3, 'parked', CLERK, T0 + 3, { basis: null, remarks: '' }),
      ev(4, 'parked', CLERK, T0 + 4, { basis: eid(3), remarks: '' }),
      move(5, 'reopened', NAIB, T0 + 5, eid(3)),
    ];
    const s = foldRecord(meta(), events, NOW);
    expect(s.conflicts.map((c) => c.reason)).toEqual([
      'notHolder',
      'notAllowed',
      'notAllowed',
      'notHolder',
    ]);
    expect(s.status).toBe('parked');
  });
});

describe('foldRecord: receipts and correspondence', () => {
  const diarised = ev(1, 'diarised', CLERK, T0, {
    from: 'District Magistrate, Dehradun',
    letterNumber: '512/XVII',
    letterDate: '2026-01-02',
    mode: 'post',
  });

  it('diarised gives the letter particulars; only as the first event, by the creator', () => {
    const again = { ...diarised, id: eid(2), hlc: diarised.hlc.replace('-000000-', '-000001-') };
    const s = foldRecord(meta('receipt'), [diarised, again], NOW);
    expect(s.letter).toEqual({
      from: 'District Magistrate, Dehradun',
      letterNumber: '512/XVII',
      letterDate: '2026-01-02',
      mode: 'post',
    });
    expect(s.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[eid(2), 'notAllowed']]);
    expect(foldRecord(meta('receipt', NAIB), [diarised], NOW).conflicts).toHaveLength(1);
    expect(foldRecord(meta('file'), [diarised], NOW).conflicts).toHaveLength(1);
  });

  it('put in a file by its holder closes the receipt; no notings on receipts', () => {
    const fileId = asRecordId(uuid(77));
    const events = [
      diarised,
      note(2, CLERK, T0 + 1),
      ev(3, 'putInFile', CLERK, T0 + 2, { basis: null, fileId, fileNumber: 'VKN/REV/2026/3-17' }),
      send(4, CLERK, T0 + 3, NAIB, eid(3)),
    ];
    const s = foldRecord(meta('receipt'), events, NOW);
    expect(s.inFile).toEqual({ fileId, fileNumber: 'VKN/REV/2026/3-17' });
    expect(s.status).toBe('closed');
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notAllowed', 'recordClosed']);
    const reopen = foldRecord(
      meta('receipt'),
      [...events, move(5, 'reopened', CLERK, T0 + 5, eid(3))],
      NOW,
    );
    expect(reopen.conflicts.at(-1)?.reason).toBe('notAllowed');
  });

  it('receiptAttached lists the receipt on the file, once, by the holder', () => {
    const receiptId = asRecordId(uuid(55));
    const att = (n: number, actor = CLERK) =>
      ev(n, 'receiptAttached', actor, T0 + n, {
        receiptId,
        diaryNumber: 'VKN/D/2026/3-5',
        subject: 'Relief claim',
      });
    const s = foldRecord(meta(), [att(1), att(2), att(3, NAIB)], NOW);
    expect(s.receipts).toEqual([
      { receiptId, diaryNumber: 'VKN/D/2026/3-5', subject: 'Relief claim', at: T0 + 1 },
    ]);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notAllowed', 'notHolder']);
  });
});
