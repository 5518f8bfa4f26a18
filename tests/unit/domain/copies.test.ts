// Copies for information (issue 17, `Copy to`): the send carries them, the fold keeps
// who has one and whether they saw it, a copy holder may mark it seen but not note on
// or move the file (named copyOnly on the device, in the fold and at the server), their
// offline work from an older state stays a conflict like anyone's, and pendency counts
// the file at its holder only.
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  close,
  markSeen,
  open,
  note,
  send,
  withdrawCopy,
  type SendInput,
} from '@domain/commands.ts';
import { copyProblem, mayWithdrawCopy, withdrawnCopyOf, withdrawProblem } from '@domain/copies.ts';
import { foldRecord, foldRecordWithLog } from '@domain/fold.ts';
import { asPersonId, type PersonId } from '@domain/ids.ts';
import { pendencyByPerson } from '@domain/pendency.ts';
import { projectRecord } from '@domain/projection.ts';
import { isMovement } from '@domain/rules.ts';
import { parseEvent } from '@domain/validate-event.ts';
import {
  CLERK,
  NAIB,
  T0,
  TEHSILDAR,
  ev,
  meta,
  move,
  note as noteEv,
  send as sendEv,
} from './builders.ts';
import { NOW, record } from './change-harness.ts';

const KANUNGO = asPersonId('kanungo.vikasnagar');
const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;
const sendTo = (to: PersonId, copyTo?: PersonId[]) => (c: Parameters<typeof send>[0]) =>
  send(c, { to, ...plain, ...(copyTo && { copyTo }) } satisfies SendInput);

describe('copies for information', () => {
  it('go with a send: each copy holder is on the access list and in the For information list', () => {
    const r = record();
    expect(r.run(CLERK, sendTo(NAIB, [TEHSILDAR, KANUNGO])).ok).toBe(true);
    const s = r.state();
    expect(s.holder).toBe(NAIB);
    expect(s.copies.map((c) => [c.person, c.from, c.seenAt])).toEqual([
      [TEHSILDAR, CLERK, null],
      [KANUNGO, CLERK, null],
    ]);
    // On the access list (readers): the server sends a confidential file to them too.
    expect(s.readers).toEqual([TEHSILDAR, KANUNGO]);
    expect(s.participants).toEqual([CLERK, NAIB]);
    expect(projectRecord(s).copiesUnseen).toEqual([TEHSILDAR, KANUNGO]);
    // No hop: the file moved to its holder only.
    expect(s.hops.map((h) => h.holder)).toEqual([CLERK, NAIB]);
  });

  it('lets a copy holder mark it seen, once, and nothing else', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR]));
    expect([...allowedActions(r.state(), TEHSILDAR, 'tehsildar')]).toEqual(['markSeen']);
    expect(allowedActions(r.state(), NAIB, 'naibTehsildar').has('markSeen')).toBe(false);
    expect(r.run(TEHSILDAR, markSeen).ok).toBe(true);
    const s = r.state();
    expect(s.copies[0]?.seenAt).not.toBeNull();
    expect(projectRecord(s).copiesUnseen).toEqual([]);
    expect(r.run(TEHSILDAR, markSeen)).toMatchObject({ ok: false, error: 'notAllowed' });
    // Nobody else has a copy to mark.
    expect(r.run(KANUNGO, markSeen)).toMatchObject({ ok: false, error: 'notAllowed' });
  });

  it('refuses a copy holder’s send, noting, park and close as copyOnly', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR]));
    const refusedAs = { ok: false, error: 'copyOnly' };
    expect(r.run(TEHSILDAR, sendTo(KANUNGO))).toMatchObject(refusedAs);
    expect(r.run(TEHSILDAR, (c) => note(c, { text: 'seen' }))).toMatchObject(refusedAs);
    // Someone with no copy is told the file is not with them, as before.
    expect(r.run(KANUNGO, sendTo(CLERK))).toMatchObject({ ok: false, error: 'notHolder' });
    expect(r.state().holder).toBe(NAIB);
  });

  it('keeps a forged move by a copy holder as a copyOnly conflict, and the server names it', () => {
    const m = meta();
    const s1 = sendEv(1, CLERK, T0 + 1000, NAIB, null, { copyTo: [TEHSILDAR] });
    // Built on the latest move: the tehsildar saw they held only a copy.
    const forged = sendEv(2, TEHSILDAR, T0 + 2000, KANUNGO, s1.id);
    const { state, applied } = foldRecordWithLog(m, [s1, forged], NOW);
    expect(applied).toEqual([s1.id]);
    expect(state.holder).toBe(NAIB);
    expect(state.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[forged.id, 'copyOnly']]);
    expect(copyProblem(state, [forged], isMovement)).toMatch(/tehsildar.*only a copy/);
    expect(copyProblem(state, [s1], isMovement)).toBeNull();
  });

  it('keeps offline work from an older state as an ordinary conflict, not a refusal', () => {
    const m = meta();
    // The clerk sends to the tehsildar, then (before it is opened) pulls it back and
    // sends it to the naib with a copy to the tehsildar. The tehsildar, offline since
    // the first send, writes a noting and sends the file on to the kanungo.
    const s1 = sendEv(1, CLERK, T0 + 1000, TEHSILDAR, null);
    const back = move(2, 'pulledBack', CLERK, T0 + 2000, s1.id);
    const s2 = sendEv(3, CLERK, T0 + 3000, NAIB, back.id, { copyTo: [TEHSILDAR] });
    const offlineNote = noteEv(4, TEHSILDAR, T0 + 3500);
    const offlineSend = sendEv(5, TEHSILDAR, T0 + 3600, KANUNGO, s1.id);
    const events = [s1, back, s2, offlineNote, offlineSend];
    const state = foldRecord(m, events, NOW);
    expect(state.holder).toBe(NAIB);
    expect(state.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [offlineNote.id, 'copyOnly'],
      [offlineSend.id, 'staleBasis'],
    ]);
    // Neither is a refusal: the tehsildar's words stay on the file as a conflict.
    expect(copyProblem(state, [offlineNote, offlineSend], isMovement)).toBeNull();
    // Every order of arrival folds to the same copies.
    const reversed = foldRecord(m, [...events].reverse(), NOW);
    expect(reversed.copies).toEqual(state.copies);
  });

  it('lets a copy holder act once the file itself is sent to them', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR]));
    r.run(NAIB, sendTo(TEHSILDAR));
    const s = r.state();
    expect(s.holder).toBe(TEHSILDAR);
    // Holding the file, the unseen copy is no longer listed for information.
    expect(projectRecord(s).copiesUnseen).toEqual([]);
    expect(r.run(TEHSILDAR, sendTo(CLERK)).ok).toBe(true);
  });

  it('a later copy to the same person is unseen again', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR]));
    r.run(TEHSILDAR, markSeen);
    r.run(NAIB, sendTo(CLERK, [TEHSILDAR]));
    const s = r.state();
    expect(s.copies.map((c) => [c.person, c.from, c.seenAt])).toEqual([[TEHSILDAR, NAIB, null]]);
    expect(s.readers).toEqual([TEHSILDAR]);
  });

  it('go with files only', () => {
    const r = record(meta('receipt'));
    expect(r.run(CLERK, sendTo(NAIB, [TEHSILDAR]))).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
  });

  it('are checked by the event schema', () => {
    const base = sendEv(1, CLERK, T0, NAIB, null);
    const withCopies = (copyTo: unknown) => parseEvent({ ...base, copyTo });
    expect(withCopies([TEHSILDAR]).ok).toBe(true);
    expect(withCopies([]).ok).toBe(false);
    expect(withCopies([TEHSILDAR, TEHSILDAR]).ok).toBe(false);
    expect(withCopies([NAIB]).ok).toBe(false);
    expect(withCopies([CLERK]).ok).toBe(false);
    expect(withCopies(['not a username!']).ok).toBe(false);
    expect(withCopies(Array.from({ length: 51 }, (_, i) => `p${i}`)).ok).toBe(false);
    expect(parseEvent(ev(2, 'copySeen', TEHSILDAR, T0, {})).ok).toBe(true);
    expect(parseEvent({ ...ev(2, 'copySeen', TEHSILDAR, T0, {}), person: NAIB }).ok).toBe(false);
  });

  it('count in pendency at the holder only', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR, KANUNGO]));
    const rows = pendencyByPerson([r.state()], NOW, '2026-02-04');
    expect(rows.map((row) => [row.key, row.total])).toEqual([[NAIB, 1]]);
  });
});

describe('withdrawing a copy for information', () => {
  it('is the sender’s: the copy leaves the list, the access stays; anyone else’s is refused', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR, KANUNGO]));
    // Not the holder's, nor the copy holder's own: they never sent it (withdrawInvalid).
    for (const who of [NAIB, TEHSILDAR])
      expect(r.run(who, (c) => withdrawCopy(c, TEHSILDAR))).toMatchObject({
        ok: false,
        error: 'withdrawInvalid',
        detail: expect.stringMatching(/never sent/),
      });
    expect(r.state().copies.map((c) => c.person)).toEqual([TEHSILDAR, KANUNGO]);
    expect(mayWithdrawCopy(r.state(), CLERK, TEHSILDAR)).toBe(true);
    expect(mayWithdrawCopy(r.state(), NAIB, TEHSILDAR)).toBe(false);
    // The sender, though the file is with the naib now.
    expect(r.run(CLERK, (c) => withdrawCopy(c, TEHSILDAR)).ok).toBe(true);
    const s = r.state();
    expect(s.copies.map((c) => c.person)).toEqual([KANUNGO]);
    expect(projectRecord(s).copiesUnseen).toEqual([KANUNGO]);
    expect(s.readers).toContain(TEHSILDAR);
    expect(s.holder).toBe(NAIB);
    // Once: nothing left to withdraw.
    expect(r.run(CLERK, (c) => withdrawCopy(c, TEHSILDAR))).toMatchObject({ error: 'notAllowed' });
  });

  it('is told to the person whose copy it was, until they have a copy or the file again', () => {
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR, KANUNGO]));
    expect(withdrawnCopyOf(r.state(), TEHSILDAR)).toBeNull();
    r.run(CLERK, (c) => withdrawCopy(c, TEHSILDAR));
    const s = r.state();
    expect(withdrawnCopyOf(s, TEHSILDAR)).toEqual({
      person: TEHSILDAR,
      by: CLERK,
      at: expect.any(Number),
    });
    expect(s.copiesWithdrawn).toHaveLength(1);
    // The kanungo's copy stands; the holder never had one.
    expect(withdrawnCopyOf(s, KANUNGO)).toBeNull();
    expect(withdrawnCopyOf(s, NAIB)).toBeNull();
    // Sent a copy again, it is theirs again; sent the file itself, they hold it.
    r.run(NAIB, sendTo(CLERK, [TEHSILDAR]));
    expect(withdrawnCopyOf(r.state(), TEHSILDAR)).toBeNull();
    r.run(NAIB, (c) => withdrawCopy(c, TEHSILDAR));
    expect(withdrawnCopyOf(r.state(), TEHSILDAR)).toMatchObject({ by: NAIB });
    r.run(CLERK, sendTo(TEHSILDAR));
    expect(withdrawnCopyOf(r.state(), TEHSILDAR)).toBeNull();
  });

  it('is refused at the server when its author never sent that copy, whatever the fold kept', () => {
    const m = meta();
    const sent = sendEv(1, CLERK, T0 + 1000, NAIB, null, { copyTo: [TEHSILDAR] });
    const forged = ev(2, 'copyWithdrawn', NAIB, T0 + 2000, { person: TEHSILDAR });
    expect(withdrawProblem(foldRecord(m, [sent, forged], NOW), [forged])).toMatch(
      /naib.* never sent .*tehsildar/,
    );
    // The sender's, after the naib sent a copy to the same person (theirs now): a conflict,
    // as an offline tablet's may be, not refused. Copies sent are never forgotten.
    const resent = sendEv(3, NAIB, T0 + 3000, KANUNGO, sent.id, { copyTo: [TEHSILDAR] });
    const late = ev(4, 'copyWithdrawn', CLERK, T0 + 4000, { person: TEHSILDAR });
    const s = foldRecord(m, [sent, resent, late], NOW);
    expect(s.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[late.id, 'notAllowed']]);
    expect(s.copiesSent).toEqual([
      { person: TEHSILDAR, from: CLERK },
      { person: TEHSILDAR, from: NAIB },
    ]);
    expect(withdrawProblem(s, [late])).toBeNull();
    // The clerk's own send with a copy, made offline from an older state (a conflict), and
    // its withdrawal after it: both conflicts, not refused; a stranger's still refused.
    const stale = sendEv(5, CLERK, T0 + 5000, NAIB, sent.id, { copyTo: [KANUNGO] });
    const undo = ev(6, 'copyWithdrawn', CLERK, T0 + 6000, { person: KANUNGO });
    const offline = foldRecord(m, [sent, resent, stale, undo], NOW);
    expect(offline.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [stale.id, 'staleBasis'],
      [undo.id, 'notAllowed'],
    ]);
    expect(withdrawProblem(offline, [stale, undo])).toBeNull();
    const other = ev(7, 'copyWithdrawn', TEHSILDAR, T0 + 7000, { person: KANUNGO });
    expect(withdrawProblem(foldRecord(m, [sent, resent, stale, other], NOW), [other])).toMatch(
      /never sent/,
    );
  });

  it('keeps someone else’s withdrawal, and one on a closed file, as conflicts', () => {
    const m = meta();
    const sent = sendEv(1, CLERK, T0 + 1000, NAIB, null, { copyTo: [TEHSILDAR] });
    const forged = ev(2, 'copyWithdrawn', NAIB, T0 + 2000, { person: TEHSILDAR });
    const s = foldRecord(m, [sent, forged], NOW);
    expect(s.copies.map((c) => c.person)).toEqual([TEHSILDAR]);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notAllowed']);
    // Back with the clerk and closed: the copy stays as it was.
    const r = record();
    r.run(CLERK, sendTo(NAIB, [TEHSILDAR]));
    r.run(NAIB, (x) => open(x));
    r.run(NAIB, sendTo(CLERK));
    r.run(CLERK, (x) => close(x));
    expect(r.run(CLERK, (x) => withdrawCopy(x, TEHSILDAR))).toMatchObject({
      error: 'recordClosed',
    });
    expect(mayWithdrawCopy(r.state(), CLERK, TEHSILDAR)).toBe(false);
    expect(parseEvent({ ...forged, extra: 1 }).ok).toBe(false);
    expect(parseEvent({ ...forged, person: 'not a username!' }).ok).toBe(false);
  });
});
