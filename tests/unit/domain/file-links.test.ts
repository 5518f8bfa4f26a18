// Link file (issue 17): the holder of a file links another; the two stay independent,
// the link names the other's number and subject, a restricted file or a receipt is never
// linked (the same linkProblem on the tablet and at the server), a noting quoting a
// linked file's number shows it as a link, and the event's schema refuses extra fields.
import { describe, expect, it } from 'vitest';
import { close, send } from '@domain/commands.ts';
import { linkFile, unlinkFile, unlinkFromLinked } from '@domain/file-link-commands.ts';
import { foldRecord } from '@domain/fold.ts';
import {
  heldOrSentTo,
  linkedHolderProblem,
  linkProblem,
  namesAnotherFile,
  unlinkProblem,
  type LinkTarget,
} from '@domain/file-links.ts';
import { notingParts } from '@domain/note-references.ts';
import { projectRecord } from '@domain/projection.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { asPersonId } from '@domain/ids.ts';
import { CLERK, NAIB, TEHSILDAR, T0, ev, meta, move, rid, send as sendEv } from './builders.ts';
import { record } from './change-harness.ts';

const other: LinkTarget = {
  id: rid(77),
  kind: 'file',
  number: 'VKN/REV/2026/3-17',
  subject: 'Boundary of khasra 212',
  grade: 'normal',
};
const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;

describe('Link file', () => {
  it('is the holder’s: the link names the other file, once, and the holder stays', () => {
    const r = record();
    expect(r.run(CLERK, (c) => linkFile(c, other)).ok).toBe(true);
    const s = r.state();
    expect(s.links.map((l) => [l.file, l.number, l.subject, l.by])).toEqual([
      [other.id, other.number, other.subject, CLERK],
    ]);
    expect(projectRecord(s).links).toEqual([other.id]);
    // Independent: linking moves nothing.
    expect(s.holder).toBe(CLERK);
    expect(s.hops).toHaveLength(1);
    // Once.
    expect(r.run(CLERK, (c) => linkFile(c, other))).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    // Not by someone who does not hold it, nor after it is sent on.
    r.run(CLERK, (c) => send(c, { to: NAIB, ...plain }));
    const third = { ...other, id: rid(78), number: 'VKN/REV/2026/3-18' };
    expect(r.run(CLERK, (c) => linkFile(c, third))).toMatchObject({
      ok: false,
      error: 'notHolder',
    });
  });

  it('refuses a receipt, a restricted file, the file itself, and a wrong number', () => {
    const r = record();
    const refusal = (t: LinkTarget) => r.run(CLERK, (c) => linkFile(c, t));
    expect(refusal({ ...other, kind: 'receipt' })).toMatchObject({ error: 'linkInvalid' });
    expect(refusal({ ...other, grade: 'confidential' })).toMatchObject({ error: 'linkInvalid' });
    expect(refusal({ ...other, id: r.state().meta.id })).toMatchObject({ error: 'notAllowed' });
    expect(r.state().links).toEqual([]);
    const event = { file: other.id, number: 'VKN/REV/2026/3-99', subject: other.subject };
    expect(linkProblem(event, other)).toMatch(/another number or subject/);
    expect(linkProblem({ ...event, number: other.number }, null)).toMatch(/not known/);
    expect(linkProblem({ ...event, number: other.number }, other)).toBeNull();
  });

  it('is removed by the holder, while it is there; linked again it is a new link', () => {
    const r = record();
    // Nothing to remove yet.
    expect(r.run(CLERK, (c) => unlinkFile(c, other.id))).toMatchObject({ error: 'notAllowed' });
    r.run(CLERK, (c) => linkFile(c, other));
    expect(r.run(CLERK, (c) => unlinkFile(c, other.id)).ok).toBe(true);
    expect(r.state().links).toEqual([]);
    expect(projectRecord(r.state()).links).toEqual([]);
    expect(r.run(CLERK, (c) => unlinkFile(c, other.id))).toMatchObject({ error: 'notAllowed' });
    expect(r.run(CLERK, (c) => linkFile(c, other)).ok).toBe(true);
    expect(projectRecord(r.state()).links).toEqual([other.id]);
    // Once sent on, removing is the new holder's.
    r.run(CLERK, (c) => send(c, { to: NAIB, ...plain }));
    expect(r.run(CLERK, (c) => unlinkFile(c, other.id))).toMatchObject({ error: 'notHolder' });
    expect(r.run(NAIB, (c) => unlinkFile(c, other.id)).ok).toBe(true);
    // Someone who never held the file: refused, not kept (unlinkInvalid).
    expect(r.run(TEHSILDAR, (c) => unlinkFile(c, other.id))).toMatchObject({
      error: 'unlinkInvalid',
      detail: expect.stringMatching(/never held/),
    });
    const unlinked = ev(1, 'fileUnlinked', CLERK, T0, { file: other.id });
    expect(parseEvent(unlinked).ok).toBe(true);
    // The server asks the same of the file as it is after the update.
    const forged = ev(9, 'fileUnlinked', TEHSILDAR, T0, { file: other.id });
    expect(unlinkProblem(r.state(), [forged])).toMatch(/tehsildar.* never held/);
    expect(unlinkProblem(r.state(), [{ ...forged, actor: CLERK }])).toBeNull();
    expect(parseEvent({ ...unlinked, number: other.number }).ok).toBe(false);
  });

  it('is removed from the linked file’s side by its holder, who does not hold the linking one', () => {
    // A (the linking file) is with the naib; B, the linked one, is with the tehsildar.
    const a = record();
    const b = record({ ...meta(), id: other.id, number: other.number, subject: other.subject });
    a.run(CLERK, (c) => linkFile(c, other));
    a.run(CLERK, (c) => send(c, { to: NAIB, ...plain }));
    b.run(CLERK, (c) => send(c, { to: TEHSILDAR, ...plain }));
    // The clerk holds neither now; the naib holds A but asks from B's side: B is not theirs.
    expect(a.run(CLERK, (c) => unlinkFromLinked(c, b.state()))).toMatchObject({
      ok: false,
      error: 'notHolder',
    });
    expect(a.run(NAIB, (c) => unlinkFromLinked(c, b.state()))).toMatchObject({
      error: 'notHolder',
    });
    expect(a.run(TEHSILDAR, (c) => unlinkFromLinked(c, null))).toMatchObject({
      error: 'notFound',
    });
    expect(a.state().links).toHaveLength(1);
    // B's holder removes it: an event on A, which A's fold applies whoever holds A.
    const removed = a.run(TEHSILDAR, (c) => unlinkFromLinked(c, b.state()));
    expect(removed).toMatchObject({
      ok: true,
      value: { type: 'fileUnlinked', file: other.id, fromLinked: true, actor: TEHSILDAR },
    });
    expect(a.state().links).toEqual([]);
    expect(a.state().conflicts).toEqual([]);
    expect(a.state().holder).toBe(NAIB);
    expect(projectRecord(a.state()).links).toEqual([]);
    // Only while there is a link, as from the linking side.
    expect(a.run(TEHSILDAR, (c) => unlinkFromLinked(c, b.state()))).toMatchObject({
      error: 'notAllowed',
    });
    // The server judges it against B (namesAnotherFile): one who ever held B may, no one else.
    const e = removed.ok ? removed.value : null;
    expect(e !== null && namesAnotherFile(e)).toBe(true);
    const bRow = { ...projectRecord(b.state()) };
    expect(linkedHolderProblem({ file: other.id, actor: TEHSILDAR }, bRow)).toBeNull();
    expect(linkedHolderProblem({ file: other.id, actor: NAIB }, bRow)).toMatch(
      /naib.* never held .*3-17/,
    );
    expect(linkedHolderProblem({ file: other.id, actor: TEHSILDAR }, null)).toMatch(/not known/);
    // A's own check skips it: the tehsildar never held A.
    expect(e === null ? 'no event' : unlinkProblem(a.state(), [e])).toBeNull();
  });

  it('is not removed from the linked side of a closed linking file, nor from a closed linked one', () => {
    const a = record();
    const b = record({ ...meta(), id: other.id, number: other.number, subject: other.subject });
    a.run(CLERK, (c) => linkFile(c, other));
    const closedB = record({ ...meta(), id: other.id, number: other.number });
    closedB.run(CLERK, (c) => close(c));
    expect(a.run(CLERK, (c) => unlinkFromLinked(c, closedB.state()))).toMatchObject({
      error: 'recordClosed',
    });
    a.run(CLERK, (c) => close(c));
    expect(a.run(CLERK, (c) => unlinkFromLinked(c, b.state()))).toMatchObject({
      error: 'recordClosed',
    });
    const fromLinked = ev(1, 'fileUnlinked', CLERK, T0, { file: other.id, fromLinked: true });
    expect(parseEvent(fromLinked).ok).toBe(true);
    expect(parseEvent({ ...fromLinked, fromLinked: false }).ok).toBe(false);
    expect(parseEvent({ ...fromLinked, fromLinked: 'yes' }).ok).toBe(false);
  });

  it('is not a receipt’s to make', () => {
    const r = record(meta('receipt'));
    expect(r.run(CLERK, (c) => linkFile(c, other))).toMatchObject({ ok: false });
  });

  it('has a strict schema', () => {
    const linked = ev(1, 'fileLinked', CLERK, T0, {
      file: other.id,
      number: other.number,
      subject: other.subject,
    });
    expect(parseEvent(linked).ok).toBe(true);
    expect(parseEvent({ ...linked, holder: NAIB }).ok).toBe(false);
    expect(parseEvent({ ...linked, file: 'not-a-uuid' }).ok).toBe(false);
    expect(parseEvent({ ...linked, subject: ' ' }).ok).toBe(false);
  });

  it('makes a linked file’s number in a noting a link, not a longer number that begins with it', () => {
    const files = new Map([[other.number, other.id]]);
    const text = `See ${other.number} (para 2); ${other.number}0 and X${other.number} are others.`;
    expect(notingParts(text, new Set(), new Set([2]), files)).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'file', text: other.number, file: other.id },
      { kind: 'text', text: ' (' },
      { kind: 'para', text: 'para 2', paragraph: 2 },
      { kind: 'text', text: `); ${other.number}0 and X${other.number} are others.` },
    ]);
    expect(notingParts(`${other.number}/Vol II`, new Set(), new Set(), files)).toEqual([
      { kind: 'text', text: `${other.number}/Vol II` },
    ]);
    expect(notingParts(`देखें ${other.number}।`, new Set(), new Set(), files)[1]).toEqual({
      kind: 'file',
      text: other.number,
      file: other.id,
    });
  });
});

describe('who held a file or was sent it (the server’s never-held checks)', () => {
  it('counts the recipient of a send kept as a conflict, not someone else', () => {
    const m = meta();
    const sent = sendEv(1, CLERK, T0 + 1000, NAIB, null);
    const back = move(2, 'pulledBack', CLERK, T0 + 2000, sent.id);
    // The naib, offline, sends it on to the tehsildar: a conflict at the server.
    const onward = sendEv(3, NAIB, T0 + 3000, TEHSILDAR, sent.id);
    const unlink = ev(4, 'fileUnlinked', TEHSILDAR, T0 + 4000, { file: other.id });
    const s = foldRecord(m, [sent, back, onward, unlink], T0 + 5000);
    expect(s.participants).toEqual([CLERK, NAIB]);
    expect(heldOrSentTo(s)).toEqual([CLERK, NAIB, TEHSILDAR]);
    expect(unlinkProblem(s, [unlink])).toBeNull();
    const kanungo = asPersonId('kanungo.vikasnagar');
    expect(unlinkProblem(s, [{ ...unlink, actor: kanungo }])).toMatch(/never held/);
  });
});
