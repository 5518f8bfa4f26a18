import { describe, expect, it } from 'vitest';
import { LIMITS } from '@domain/events.ts';
import type { RecordEvent } from '@domain/events.ts';
import { isIsoDate, parseEvent, parseMeta } from '@domain/validate-event.ts';
import { CLERK, T0, TEHSILDAR, ev, meta, note, rid, send } from './builders.ts';

const valid: RecordEvent[] = [
  note(1, CLERK, T0),
  send(2, CLERK, T0, TEHSILDAR, null, { dueDate: '2026-02-28' }),
  ev(3, 'opened', TEHSILDAR, T0, { basis: null }),
  ev(4, 'parked', CLERK, T0, { basis: null, remarks: '' }),
  ev(5, 'diarised', CLERK, T0, {
    from: 'DM',
    letterNumber: '1/2',
    letterDate: '2024-02-29',
    mode: 'email',
  }),
  ev(6, 'putInFile', CLERK, T0, { basis: null, fileId: rid(1), fileNumber: 'VKN/REV/2026/3-1' }),
  ev(7, 'receiptAttached', CLERK, T0, {
    receiptId: rid(2),
    diaryNumber: 'VKN/D/2026/3-1',
    subject: 's',
  }),
];

describe('parseEvent', () => {
  it('accepts every well-formed event type', () => {
    for (const e of valid)
      expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual({ ok: true, value: e });
  });

  it.each([
    ['not an object', 'noting'],
    ['an array', []],
    ['null', null],
    ['unknown type', { ...note(1, CLERK, T0), type: 'deleted' }],
    ['extra key', { ...note(1, CLERK, T0), extra: 1 }],
    ['missing key', (({ text: _t, ...rest }) => rest)(note(1, CLERK, T0))],
    ['non-uuid id', { ...note(1, CLERK, T0), id: 'abc' }],
    ['uppercase uuid', { ...note(1, CLERK, T0), id: 'AAAAAAAA-0000-4000-8000-000000000001' }],
    ['bad actor', { ...note(1, CLERK, T0), actor: 'a b' }],
    ['bad hlc', { ...note(1, CLERK, T0), hlc: '2026-01-01' }],
    ['negative device time', { ...note(1, CLERK, T0), deviceTime: -1 }],
    ['fractional device time', { ...note(1, CLERK, T0), deviceTime: 1.5 }],
    ['string boolean', { ...note(1, CLERK, T0), clockVerified: 'true' }],
    ['empty noting', { ...note(1, CLERK, T0), text: '  ' }],
    ['noting too long', { ...note(1, CLERK, T0), text: 'x'.repeat(LIMITS.notingChars + 1) }],
    [
      'remarks too long',
      { ...send(1, CLERK, T0, TEHSILDAR, null), remarks: 'x'.repeat(LIMITS.remarksChars + 1) },
    ],
    ['impossible due date', { ...send(1, CLERK, T0, TEHSILDAR, null), dueDate: '2026-02-29' }],
    ['due date format', { ...send(1, CLERK, T0, TEHSILDAR, null), dueDate: '28/02/2026' }],
    ['bad priority', { ...send(1, CLERK, T0, TEHSILDAR, null), priority: 'whenever' }],
    ['bad basis', { ...send(1, CLERK, T0, TEHSILDAR, null), basis: 7 }],
    ['missing basis', (({ basis: _b, ...rest }) => rest)(send(1, CLERK, T0, TEHSILDAR, null))],
    ['nested object', { ...note(1, CLERK, T0), text: { hi: 'x' } }],
    ['class instance', Object.assign(new (class X {})(), note(1, CLERK, T0))],
  ])('refuses %s', (_name, x) => {
    expect(parseEvent(x).ok).toBe(false);
  });

  it('says which field is wrong', () => {
    expect(parseEvent({ ...note(1, CLERK, T0), hlc: 'x' })).toEqual({
      ok: false,
      error: 'noting event: "hlc" must be an HLC timestamp',
    });
  });
});

describe('parseMeta', () => {
  it('accepts well-formed meta and refuses extra, missing or bad fields', () => {
    expect(parseMeta(meta())).toEqual({ ok: true, value: meta() });
    expect(parseMeta({ ...meta(), extra: true }).ok).toBe(false);
    expect(parseMeta({ ...meta(), kind: 'folder' }).ok).toBe(false);
    expect(parseMeta({ ...meta(), category: 'misc' }).ok).toBe(false);
    expect(parseMeta({ ...meta(), schemaVersion: 0 }).ok).toBe(false);
    expect(parseMeta({ ...meta(), subject: '' }).ok).toBe(false);
    expect(parseMeta((({ office: _o, ...rest }) => rest)(meta())).ok).toBe(false);
  });
});

describe('isIsoDate', () => {
  it('knows leap years and month lengths', () => {
    expect(['2024-02-29', '2000-02-29', '2026-12-31'].every(isIsoDate)).toBe(true);
    expect(['1900-02-29', '2026-04-31', '2026-13-01', '2026-1-01', ''].some(isIsoDate)).toBe(false);
  });
});
