// Volumes (issue 17): the holder closes the volume being written and the file continues in
// the next one under the same record and number; paragraph numbers continue; the note
// sheet splits at the boundaries. Only the holder, only a file, not a closed file, not an
// empty volume; a close from an older state is a stale conflict, one the rules refuse from
// the current state is what the server refuses (volumeProblem); the schema refuses extras.
import { describe, expect, it } from 'vitest';
import { close, note, send } from '@domain/commands.ts';
import { closeVolume, mayCloseVolume } from '@domain/volume-commands.ts';
import { foldRecord } from '@domain/fold.ts';
import { noteSheetVolumes, volumeOf, volumeProblem } from '@domain/volumes.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, NAIB, T0, ev, meta, note as noting } from './builders.ts';
import { NOW, record } from './change-harness.ts';

const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;

describe('Close volume', () => {
  it('closes the volume being written; the file continues in the next, paragraphs continue', () => {
    const r = record();
    r.run(CLERK, (c) => note(c, { text: 'first' }));
    r.run(CLERK, (c) => note(c, { text: 'second' }));
    expect(mayCloseVolume(r.state(), CLERK, 'deskAssistant')).toBe(true);
    expect(r.run(CLERK, closeVolume).ok).toBe(true);
    r.run(CLERK, (c) => note(c, { text: 'third' }));
    const s = r.state();
    expect(s.volume).toBe(2);
    expect(s.volumes.map((v) => [v.volume, v.lastParagraph, v.by])).toEqual([[1, 2, CLERK]]);
    // One record, one holder, one number: nothing moved.
    expect(s.holder).toBe(CLERK);
    expect(s.hops).toHaveLength(1);
    expect(s.notes.map((n) => [n.paragraph, volumeOf(s, n.paragraph)])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(
      noteSheetVolumes(s).map((p) => [p.volume, p.notes.map((n) => n.text), p.closed !== null]),
    ).toEqual([
      [1, ['first', 'second'], true],
      [2, ['third'], false],
    ]);
  });

  it('is refused to whoever does not hold the file, on an empty volume, a closed file, a receipt', () => {
    const r = record();
    // Nothing written yet in volume 1.
    expect(r.run(CLERK, closeVolume)).toMatchObject({ ok: false, error: 'notAllowed' });
    r.run(CLERK, (c) => note(c, { text: 'first' }));
    r.run(CLERK, closeVolume);
    // Volume 2 is empty: not closed again.
    expect(mayCloseVolume(r.state(), CLERK)).toBe(false);
    expect(r.run(CLERK, closeVolume)).toMatchObject({ ok: false, error: 'notAllowed' });
    r.run(CLERK, (c) => note(c, { text: 'second' }));
    r.run(CLERK, (c) => send(c, { to: NAIB, ...plain }));
    expect(mayCloseVolume(r.state(), CLERK)).toBe(false);
    expect(r.run(CLERK, closeVolume)).toMatchObject({ ok: false, error: 'notHolder' });
    expect(r.state().volume).toBe(2);

    const closed = record();
    closed.run(CLERK, (c) => note(c, { text: 'x' }));
    closed.run(CLERK, (c) => close(c));
    expect(closed.run(CLERK, closeVolume)).toMatchObject({ ok: false, error: 'recordClosed' });

    const receipt = record(meta('receipt'));
    expect(receipt.run(CLERK, closeVolume)).toMatchObject({ ok: false, error: 'notAllowed' });
  });

  it('keeps a close made from an older state as a conflict; the server refuses a forged one', () => {
    const m = meta();
    const n1 = noting(1, CLERK, T0 + 1000);
    const close1 = ev(2, 'volumeClosed', CLERK, T0 + 2000, { basis: null, volume: 1 });
    // The same holder closed volume 1 on another tablet too, offline: stale, kept as a conflict.
    const again = ev(3, 'volumeClosed', CLERK, T0 + 3000, { basis: null, volume: 1 });
    const s = foldRecord(m, [n1, close1, again], NOW);
    expect(s.volume).toBe(2);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['staleBasis']);
    expect(volumeProblem(s, [again])).toBeNull();
    // Someone who never held the file, from its current state: refused, not kept.
    const forged = ev(4, 'volumeClosed', NAIB, T0 + 4000, { basis: null, volume: 2 });
    const n2 = noting(5, CLERK, T0 + 3500);
    const f = foldRecord(m, [n1, close1, n2, forged], NOW);
    expect(f.volume).toBe(2);
    expect(volumeProblem(f, [forged])).toMatch(/notHolder/);
    // A volume beyond the one being written.
    const ahead = ev(6, 'volumeClosed', CLERK, T0 + 4000, { basis: null, volume: 5 });
    expect(volumeProblem(foldRecord(m, [n1, ahead], NOW), [ahead])).toMatch(/notAllowed/);
    // On a receipt.
    const onReceipt = ev(7, 'volumeClosed', CLERK, T0 + 4000, { basis: null, volume: 1 });
    expect(volumeProblem(foldRecord(meta('receipt'), [onReceipt], NOW), [onReceipt])).toMatch(
      /notAllowed/,
    );
  });

  it('has a strict schema: a whole volume number from 1, nothing else', () => {
    const good = ev(1, 'volumeClosed', CLERK, T0, { basis: null, volume: 1 });
    expect(parseEvent(good).ok).toBe(true);
    expect(parseEvent({ ...good, volume: 0 }).ok).toBe(false);
    expect(parseEvent({ ...good, volume: 1.5 }).ok).toBe(false);
    expect(parseEvent({ ...good, holder: CLERK }).ok).toBe(false);
    const { basis: _b, ...noBasis } = good;
    expect(parseEvent(noBasis).ok).toBe(false);
  });
});
