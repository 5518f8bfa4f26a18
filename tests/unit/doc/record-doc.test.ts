import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  appendEvents,
  createRecordDoc,
  eventsArray,
  letterText,
  loadRecordDoc,
  readEvents,
  readEventsDetailed,
  readMeta,
  readRecordState,
} from '@doc/record-doc.ts';
import { CLERK, DAY, T0, TEHSILDAR, eid, meta, note, send } from '../domain/builders.ts';

describe('record document', () => {
  it('round-trips meta and events through an encoded update', () => {
    const doc = createRecordDoc(meta(), [note(1, CLERK, T0 + 1)]);
    appendEvents(doc, [send(2, CLERK, T0 + 2, TEHSILDAR, null)]);
    const copy = loadRecordDoc([Y.encodeStateAsUpdate(doc)]);
    expect(readMeta(copy)).toEqual({ ok: true, value: meta() });
    expect(readEvents(copy)).toEqual([
      note(1, CLERK, T0 + 1),
      send(2, CLERK, T0 + 2, TEHSILDAR, null),
    ]);
    const state = readRecordState(copy, T0 + DAY);
    expect(state).toMatchObject({ holder: TEHSILDAR, head: eid(2) });
    expect(state?.notes).toHaveLength(1);
  });

  it('uses exactly the three roots, with gc on, and writes meta in one transaction', () => {
    const doc = createRecordDoc(meta());
    expect(doc.gc).toBe(true);
    let transactions = 0;
    const fresh = new Y.Doc();
    fresh.on('afterTransaction', () => (transactions += 1));
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(transactions).toBe(1);
    expect([...doc.share.keys()].sort()).toEqual([ROOT.meta]);
    letterText(doc).insert(0, 'Draft letter');
    appendEvents(doc, [note(1, CLERK, T0)]);
    expect([...doc.share.keys()].sort()).toEqual([ROOT.events, ROOT.letter, ROOT.meta]);
  });

  it('a document with no meta has no state', () => {
    expect(readRecordState(new Y.Doc(), T0)).toBeNull();
    expect(readMeta(new Y.Doc()).ok).toBe(false);
  });

  it('stores copies of events, not the caller-held objects', () => {
    const e = note(1, CLERK, T0);
    const doc = createRecordDoc(meta(), [e]);
    expect(eventsArray(doc).get(0)).not.toBe(e);
  });

  it('reports, rather than folds, entries that are not valid events', () => {
    const doc = createRecordDoc(meta(), [note(1, CLERK, T0)]);
    eventsArray(doc).push([{ type: 'noting', text: 'no id' }]);
    const read = readEventsDetailed(doc);
    expect(read.events).toHaveLength(1);
    expect(read.invalid).toEqual([{ index: 1, problem: expect.stringContaining('missing field') }]);
  });

  it('appending nothing creates no update', () => {
    const doc = createRecordDoc(meta());
    let updates = 0;
    doc.on('update', () => (updates += 1));
    appendEvents(doc, []);
    expect(updates).toBe(0);
  });
});
