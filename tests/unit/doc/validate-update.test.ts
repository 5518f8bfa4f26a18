import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendEvents, eventsArray, letterText, metaMap } from '@doc/record-doc.ts';
import { validateUpdate } from '@doc/validate-update.ts';
import type { UpdateContext } from '@doc/validate-update.ts';
import { UPDATE_SHAPE_LIMITS } from '@doc/update-shape.ts';
import type { RefusalReason } from '@domain/refusals.ts';
import {
  competingLetterInserts,
  gcOnlyUpdate,
  letterInsert,
  withTrailingBytes,
} from '../../fixtures/attack-updates.ts';
import { CLERK, NAIB, T0, TEHSILDAR, ev, meta, note, rid, send } from '../domain/builders.ts';
import { appendTo, changeOf, createdState, diffSince, replicaOf } from './helpers.ts';

const clerk: UpdateContext = { actor: CLERK, role: 'deskAssistant' };
const tehsildar: UpdateContext = { actor: TEHSILDAR, role: 'tehsildar' };

/** A file created by the clerk, with noting 1 and a send to the tehsildar. */
const current = createdState(meta(), [
  note(1, CLERK, T0 + 1),
  send(2, CLERK, T0 + 2, TEHSILDAR, null),
]);

function refusal(cur: Uint8Array | null, update: Uint8Array, ctx: UpdateContext = tehsildar) {
  const r = validateUpdate(cur, update, ctx);
  return r.ok ? 'accepted' : r.error.reason;
}

describe('validateUpdate accepts honest updates', () => {
  it('creating a record: meta and first events by the creator', () => {
    const r = validateUpdate(null, current, { ...clerk, recordId: rid(9000) });
    expect(r.ok && r.value.created).toBe(true);
    expect(r.ok && r.value.newEvents.map((e) => e.type)).toEqual(['noting', 'sent']);
    expect(r.ok && r.value.meta.number).toBe('VKN/REV/2026/3-17');
  });

  it('an append by the signed-in person', () => {
    const r = validateUpdate(current, appendTo(current, [note(3, TEHSILDAR, T0 + 3)]), tehsildar);
    expect(r).toMatchObject({
      ok: true,
      value: { created: false, newEvents: [note(3, TEHSILDAR, T0 + 3)] },
    });
  });

  it('concurrent appends from two devices, in either order', () => {
    const fromTehsildar = appendTo(current, [note(3, TEHSILDAR, T0 + 3)], 501);
    const fromClerk = appendTo(current, [ev(4, 'pulledBack', CLERK, T0 + 4, { basis: null })], 502);
    expect(refusal(current, fromTehsildar)).toBe('accepted');
    expect(refusal(current, fromClerk, clerk)).toBe('accepted');
    const afterT = Y.mergeUpdates([current, fromTehsildar]);
    const afterC = Y.mergeUpdates([current, fromClerk]);
    expect(refusal(afterT, fromClerk, clerk)).toBe('accepted');
    expect(refusal(afterC, fromTehsildar)).toBe('accepted');
  });

  it('deleting from a letter stored before letters were refused', () => {
    const typed = changeOf(current, (d) => letterText(d).insert(0, 'To the DM, Dehradun: draft'));
    const withLetter = Y.mergeUpdates([current, typed]);
    const edited = changeOf(withLetter, (d) => letterText(d).delete(0, 6));
    expect(refusal(withLetter, edited)).toBe('accepted');
  });

  it('re-sending an already stored update (idempotent retry)', () => {
    const u = appendTo(current, [note(3, TEHSILDAR, T0 + 3)]);
    const r = validateUpdate(Y.mergeUpdates([current, u]), u, tehsildar);
    expect(r).toMatchObject({ ok: true, value: { newEvents: [] } });
  });
});

describe('validateUpdate refuses malicious updates', () => {
  const cases: [string, () => [Uint8Array | null, Uint8Array, UpdateContext], RefusalReason][] = [
    [
      'deleting an event',
      () => [current, changeOf(current, (d) => eventsArray(d).delete(0, 1)), clerk],
      'eventsDeleted',
    ],
    [
      'rewriting an event (delete + insert)',
      () => [
        current,
        changeOf(current, (d) => {
          eventsArray(d).delete(0, 1);
          eventsArray(d).insert(0, [{ ...note(1, CLERK, T0 + 1), text: 'changed' }]);
        }),
        clerk,
      ],
      'eventsDeleted',
    ],
    [
      'inserting an event that is already deleted',
      () => [
        current,
        changeOf(current, (d) =>
          d.transact(() => {
            appendEvents(d, [note(3, CLERK, T0 + 3)]);
            eventsArray(d).delete(2, 1);
          }),
        ),
        clerk,
      ],
      'eventsDeleted',
    ],
    [
      'rewriting meta',
      () => [current, changeOf(current, (d) => metaMap(d).set('subject', 'Other')), clerk],
      'metaChanged',
    ],
    [
      'deleting meta',
      () => [current, changeOf(current, (d) => metaMap(d).delete('number')), clerk],
      'metaChanged',
    ],
    [
      'adding a meta key',
      () => [current, changeOf(current, (d) => metaMap(d).set('extra', 1)), clerk],
      'metaChanged',
    ],
    [
      'a new record without meta',
      () => [null, Y.encodeStateAsUpdate(eventsOnly()), clerk],
      'metaInvalid',
    ],
    [
      'a new record with malformed meta',
      () => [null, createdState({ ...meta(), number: '' }), clerk],
      'metaInvalid',
    ],
    [
      'a new record with another id',
      () => [null, current, { ...clerk, recordId: rid(1) }],
      'metaInvalid',
    ],
    ['a new record created in another name', () => [null, current, tehsildar], 'actorMismatch'],
    [
      'an event with a forged actor',
      () => [current, appendTo(current, [note(3, NAIB, T0 + 3)]), tehsildar],
      'actorMismatch',
    ],
    [
      'a malformed event',
      () => [
        current,
        changeOf(current, (d) => eventsArray(d).push([{ type: 'noting', text: 'x' }])),
        tehsildar,
      ],
      'eventMalformed',
    ],
    [
      'a non-object event',
      () => [current, changeOf(current, (d) => eventsArray(d).push(['just text'])), tehsildar],
      'eventMalformed',
    ],
    [
      'an event type the role may not produce',
      () => [
        current,
        appendTo(current, [
          ev(3, 'putInFile', TEHSILDAR, T0 + 3, { basis: null, fileId: rid(3), fileNumber: 'x' }),
        ]),
        { actor: TEHSILDAR, role: 'sdm' },
      ],
      'roleForbidden',
    ],
    [
      'a duplicate event id',
      () => [
        current,
        appendTo(current, [{ ...note(1, CLERK, T0 + 9), actor: TEHSILDAR }]),
        tehsildar,
      ],
      'eventDuplicated',
    ],
    [
      'a duplicate id within one update',
      () => [
        current,
        appendTo(current, [
          note(3, TEHSILDAR, T0 + 3),
          { ...note(3, TEHSILDAR, T0 + 4), text: 'again' },
        ]),
        tehsildar,
      ],
      'eventDuplicated',
    ],
    [
      'an unknown root type',
      () => [current, changeOf(current, (d) => d.getMap('secret').set('a', 1)), tehsildar],
      'unknownContent',
    ],
    [
      'a nested Y type inside events',
      () => [current, changeOf(current, (d) => eventsArray(d).push([new Y.Map()])), tehsildar],
      'unknownContent',
    ],
    [
      'an embed inside the letter',
      () => [
        current,
        changeOf(current, (d) => letterText(d).insertEmbed(0, { img: 1 })),
        tehsildar,
      ],
      'unknownContent',
    ],
    [
      'formatting inside the letter',
      () => [
        current,
        changeOf(current, (d) => letterText(d).insert(0, 'x', { bold: true })),
        tehsildar,
      ],
      'unknownContent',
    ],
    ['list-shaped content under meta', () => [current, metaAsArray(), tehsildar], 'unknownContent'],
    [
      'map-shaped content under events',
      () => [current, eventsAsMap(), tehsildar],
      'unknownContent',
    ],
    [
      'garbage bytes',
      () => [current, new Uint8Array([0xff, 0xfe, 0x07, 0x13, 0x00, 0x42]), tehsildar],
      'updateMalformed',
    ],
    ['an empty buffer', () => [current, new Uint8Array(), tehsildar], 'updateMalformed'],
    [
      'an update depending on missing structs',
      () => [current, secondOfTwoAppends(), tehsildar],
      'missingDependencies',
    ],
  ];

  it.each(cases)('refuses %s', (_name, build, reason) => {
    const [cur, update, ctx] = build();
    const r = validateUpdate(cur, update, ctx);
    expect(r.ok ? 'accepted' : r.error.reason).toBe(reason);
    if (!r.ok) expect(r.error.detail.length).toBeGreaterThan(0);
  });
});

function eventsOnly(): Y.Doc {
  const d = new Y.Doc();
  appendEvents(d, [note(1, CLERK, T0)]);
  return d;
}

/** Another client's doc where "meta" is a list: its items land in meta without keys. */
function metaAsArray(): Uint8Array {
  const d = new Y.Doc();
  d.getArray('meta').push(['x']);
  return Y.encodeStateAsUpdate(d);
}

function eventsAsMap(): Uint8Array {
  const d = new Y.Doc();
  d.getMap('events').set('0', note(3, TEHSILDAR, T0 + 3));
  return Y.encodeStateAsUpdate(d);
}

function secondOfTwoAppends(): Uint8Array {
  const d = replicaOf(current, 900);
  appendEvents(d, [note(3, TEHSILDAR, T0 + 3)]);
  const afterFirst = Y.encodeStateAsUpdate(d);
  appendEvents(d, [note(4, TEHSILDAR, T0 + 4)]);
  return diffSince(d, afterFirst);
}

describe('validateUpdate leaves inputs alone', () => {
  it('does not mutate the stored state it was given', () => {
    const copy = current.slice();
    validateUpdate(
      current,
      changeOf(current, (d) => eventsArray(d).delete(0, 1)),
      clerk,
    );
    expect(current).toEqual(copy);
  });
});

describe('validateUpdate refuses slow or junk updates by name (issue 15)', () => {
  it('refuses writing into the letter, which the app does not use yet', () => {
    expect(refusal(current, letterInsert(current, 'सेवा में'))).toBe('letterNotEnabled');
  });

  it('refuses thousands of competing inserts before applying them', () => {
    const r = validateUpdate(current, competingLetterInserts(current, 1_200), tehsildar);
    expect(r.ok ? 'accepted' : r.error).toEqual({
      reason: 'updateTooComplex',
      detail: `1200 items; the limit is ${UPDATE_SHAPE_LIMITS.structs}`,
    });
  });

  it('refuses more competing inserts at one position than appends ever make', () => {
    const n = UPDATE_SHAPE_LIMITS.competing + 1;
    expect(refusal(current, competingLetterInserts(current, n))).toBe('updateTooComplex');
    expect(refusal(current, competingLetterInserts(current, 2))).toBe('letterNotEnabled');
  });

  it('refuses a garbage-collected-only update', () => {
    expect(refusal(current, gcOnlyUpdate())).toBe('updateMalformed');
  });

  it('refuses bytes after a valid update, and accepts the update alone', () => {
    const u = appendTo(current, [note(3, TEHSILDAR, T0 + 3)]);
    expect(refusal(current, u)).toBe('accepted');
    expect(refusal(current, withTrailingBytes(u, 1))).toBe('updateMalformed');
    expect(refusal(current, withTrailingBytes(u, 4096))).toBe('updateMalformed');
  });
});
