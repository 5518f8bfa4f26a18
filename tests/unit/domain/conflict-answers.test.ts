// Work that did not take effect stays with its author (DESIGN.md invariant 7):
// the repro of issue 12 folded, then each way the author can answer it.
import { describe, expect, it } from 'vitest';
import { LIMITS, type RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, DAY, NAIB, T0, TEHSILDAR, eid, ev, meta, move, note, send } from './builders.ts';

const SDM = 'sdm.vikasnagar' as typeof CLERK;
const NOW = T0 + 10 * DAY;
const M = meta();
const H = 60 * 60 * 1000;

/**
 * Clerk sends to the tehsildar (both synced). Offline, the tehsildar notes and
 * sends to the SDM; the clerk, still seeing "not yet opened", pulls back,
 * writes "para 4" and sends to the naib. The tehsildar acted first.
 */
const toTehsildar = send(1, CLERK, T0, TEHSILDAR, null);
const tehsildarNote = note(2, TEHSILDAR, T0 + 1 * H, 'Seen. The SDM may decide.');
const toSdm = send(3, TEHSILDAR, T0 + 2 * H, SDM, eid(1));
const pullBack = move(4, 'pulledBack', CLERK, T0 + 3 * H, eid(1));
const para4 = note(5, CLERK, T0 + 4 * H, 'para 4: the khasra map is attached as flag A.');
const toNaib = send(6, CLERK, T0 + 5 * H, NAIB, eid(4));
const REPRO: RecordEvent[] = [toTehsildar, tehsildarNote, toSdm, pullBack, para4, toNaib];

const dismiss = (n: number, actor: typeof CLERK, ms: number, target: number, reason = 'moot') =>
  ev(n, 'conflictDismissed', actor, ms, { conflict: eid(target), reason });
/** `actor` says their noting `noting` re-submits the text of their conflicted `target`. */
const resubmitted = (n: number, actor: typeof CLERK, ms: number, target: number, noting: number) =>
  ev(n, 'conflictResubmitted', actor, ms, { conflict: eid(target), noting: eid(noting) });

describe('the offline pull-back repro', () => {
  it('keeps the clerk’s pull back, noting and send as open conflicts with their text', () => {
    const s = foldRecord(M, REPRO, NOW);
    expect(s.holder).toBe(SDM);
    expect(s.notes.map((n) => n.text)).toEqual([tehsildarNote.text]);
    expect(s.conflicts.map((c) => [c.event.id, c.reason, c.resolution])).toEqual([
      [eid(4), 'staleBasis', null],
      [eid(5), 'notHolder', null],
      [eid(6), 'staleBasis', null],
    ]);
    expect(s.conflicts[1]?.event).toEqual(para4);
  });
});

describe('answering a conflict', () => {
  it('a dismissal by the author marks it dismissed, with the reason, and removes nothing', () => {
    const d = dismiss(7, CLERK, T0 + DAY, 5, 'The SDM has the map already.');
    const s = foldRecord(M, [...REPRO, d], NOW);
    const before = foldRecord(M, REPRO, NOW);
    expect(s.conflicts.map((c) => c.event)).toEqual(before.conflicts.map((c) => c.event));
    expect(s.conflicts[1]?.resolution).toEqual({
      kind: 'dismissed',
      eventId: eid(7),
      reason: 'The SDM has the map already.',
      at: T0 + DAY,
    });
    expect(s.notes).toEqual(before.notes);
    expect(s.holder).toBe(SDM);
    expect(s.hops).toEqual(before.hops);
  });

  it('nobody else may dismiss it: the forged dismissal is itself a conflict', () => {
    const forged = dismiss(7, TEHSILDAR, T0 + DAY, 5);
    const s = foldRecord(M, [...REPRO, forged], NOW);
    expect(s.conflicts.find((c) => c.event.id === eid(5))?.resolution).toBeNull();
    expect(s.conflicts.at(-1)).toEqual({ event: forged, reason: 'notAllowed', resolution: null });
  });

  it('it is dismissed once; a dismissal of an applied event or an unknown id does nothing', () => {
    const s = foldRecord(
      M,
      [
        ...REPRO,
        dismiss(7, CLERK, T0 + DAY, 5, 'first'),
        dismiss(8, CLERK, T0 + DAY + 1, 5, 'second'),
        dismiss(9, CLERK, T0 + DAY + 2, 1),
        dismiss(10, CLERK, T0 + DAY + 3, 99),
      ],
      NOW,
    );
    const para = s.conflicts.find((c) => c.event.id === eid(5));
    expect(para?.resolution).toMatchObject({ kind: 'dismissed', reason: 'first' });
    expect(
      s.conflicts.filter((c) => c.event.type === 'conflictDismissed').map((c) => c.event.id),
    ).toEqual([eid(8), eid(9), eid(10)]);
  });

  it('a dismissal does not open a file that waits to be opened', () => {
    // The clerk's send lost to the naib's move; dismissing it must not count as opening.
    const events = [
      send(1, CLERK, T0, TEHSILDAR, null),
      send(2, CLERK, T0 + H, NAIB, null),
      dismiss(3, CLERK, T0 + 2 * H, 2),
    ];
    const s = foldRecord(M, events, NOW);
    expect(s.conflicts[0]?.resolution?.kind).toBe('dismissed');
    expect(s.awaitingOpen).toBe(true);
  });

  it('a re-submitted noting goes on the note sheet at its own time and answers the conflict', () => {
    const back = send(7, SDM, T0 + DAY, CLERK, eid(3));
    const again = note(8, CLERK, T0 + DAY + H, para4.text);
    const link = resubmitted(9, CLERK, T0 + DAY + H + 1, 5, 8);
    const s = foldRecord(M, [...REPRO, back, again, link], NOW);
    expect(s.notes.map((n) => [n.paragraph, n.text, n.author])).toEqual([
      [1, tehsildarNote.text, TEHSILDAR],
      [2, para4.text, CLERK],
    ]);
    expect(s.conflicts[1]?.resolution).toEqual({
      kind: 'resubmitted',
      eventId: eid(8),
      at: T0 + DAY + H + 1,
    });
    // A build that does not know the link skips it: the same sheet, the conflict still open.
    const older = foldRecord(M, [...REPRO, back, again], NOW);
    expect(older.notes).toEqual(s.notes);
    expect(older.conflicts[1]?.resolution).toBeNull();
  });

  it('re-submitted while the file is not hers, the new noting is the open conflict now', () => {
    const again = note(7, CLERK, T0 + DAY, para4.text);
    const s = foldRecord(M, [...REPRO, again, resubmitted(8, CLERK, T0 + DAY + 1, 5, 7)], NOW);
    expect(s.notes.map((n) => n.text)).toEqual([tehsildarNote.text]);
    expect(s.conflicts[1]?.resolution?.kind).toBe('resubmitted');
    expect(s.conflicts.filter((c) => c.resolution === null).map((c) => c.event.id)).toEqual([
      eid(4),
      eid(6),
      eid(7),
    ]);
  });

  it('only the author’s own re-submission of a noting answers it', () => {
    const back = send(7, SDM, T0 + DAY, TEHSILDAR, eid(3));
    const other = note(8, TEHSILDAR, T0 + DAY + H, 'copied');
    const forged = resubmitted(9, TEHSILDAR, T0 + DAY + H + 1, 5, 8);
    // A send is not text: it cannot be re-submitted, only redone and dismissed.
    const notText = resubmitted(10, CLERK, T0 + DAY + H + 2, 6, 5);
    const s = foldRecord(M, [...REPRO, back, other, forged, notText], NOW);
    expect(s.notes.at(-1)?.text).toBe('copied');
    expect(s.conflicts[1]?.resolution).toBeNull();
    expect(s.conflicts[2]?.resolution).toBeNull();
    expect(s.conflicts.slice(-2)).toEqual([
      { event: forged, reason: 'notAllowed', resolution: null },
      { event: notText, reason: 'notAllowed', resolution: null },
    ]);
  });
});

describe('schema of the answers', () => {
  const good = dismiss(7, CLERK, T0, 5, 'x'.repeat(LIMITS.dismissReasonChars));
  const link = resubmitted(8, CLERK, T0, 5, 7);
  it('accepts a dismissal and a re-submission link', () => {
    expect(parseEvent(good).ok).toBe(true);
    expect(parseEvent(link).ok).toBe(true);
  });

  it.each([
    ['an empty reason', { ...good, reason: '   ' }, 'must not be empty'],
    ['a reason too long', { ...good, reason: 'x'.repeat(501) }, 'at most 500'],
    ['a target that is not an id', { ...good, conflict: 'para 4' }, 'UUID'],
    ['a missing target', (({ conflict: _c, ...rest }) => rest)(good), 'missing field "conflict"'],
    ['a re-submission naming no noting', { ...link, noting: 'para 4' }, 'UUID'],
    // Notings stay as every build knows them: the link is its own event.
    ['a noting carrying a link', { ...note(9, CLERK, T0), resubmits: eid(5) }, 'resubmits'],
  ])('refuses %s', (_what, event, problem) => {
    const parsed = parseEvent(event);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(problem);
  });
});
