import { describe, expect, it } from 'vitest';
import { dispatchRegister, filterRegister, NO_FILTER } from '@domain/dispatch-register.ts';
import type { LetterContent, RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { letterHash } from '@domain/letters.ts';
import type { RecordMeta } from '@domain/record.ts';
import { asRecordId } from '@domain/ids.ts';
import { CLERK, DAY, T0, eid, ev, meta } from './builders.ts';

/** The dispatch register: one row per dispatched letter, in register order, filtered. */

const content = (subject: string): LetterContent => ({
  to: 'Collector, Dehradun',
  subject,
  reference: null,
  hindi: 'पाठ',
  english: '',
});

/** A file with letters `n0..` each drafted, approved and (when given a number) dispatched. */
function file(
  m: RecordMeta,
  base: number,
  letters: [string, string | null, string, 'post' | 'hand'][],
) {
  const events = letters.flatMap(([subject, number, date, mode], i) => {
    const n = base + i * 3;
    const c = content(subject);
    const out: RecordEvent[] = [
      ev(n, 'letterDrafted', CLERK, T0 + n, { template: 'blank', ...c }),
      ev(n + 1, 'letterApproved', CLERK, T0 + n + 1, {
        draft: eid(n),
        version: eid(n),
        textHash: letterHash(m.id, eid(n), c),
      }),
    ];
    if (number !== null)
      out.push(
        ev(n + 2, 'letterDispatched', CLERK, T0 + n + 2, { draft: eid(n), mode, date, number }),
      );
    return out;
  });
  return foldRecord(m, events, T0 + DAY);
}

describe('dispatch register', () => {
  const a = {
    ...meta(),
    id: asRecordId('00000000-0000-4000-8000-0000000000a1'),
    number: 'VKN/LR/2026/3-1',
  };
  const b = {
    ...meta(),
    id: asRecordId('00000000-0000-4000-8000-0000000000b2'),
    number: 'VKN/LR/2026/3-2',
  };
  const fa = file(a, 10, [
    ['First', 'VKN/DSP/2026/3-10(I)', '2026-01-06', 'post'],
    ['Second', 'VKN/DSP/2026/3-10(II)', '2026-01-06', 'hand'],
    ['Not dispatched', null, '', 'post'],
  ]);
  const fb = file(b, 40, [
    ['Third', 'VKN/DSP/2026/3-9(I)', '2026-01-06', 'post'],
    ['Fourth', 'VKN/DSP/2026/3-11(I)', '2026-01-08', 'hand'],
  ]);

  it('lists dispatched letters only, by date then number (9 before 10, (I) before (II))', () => {
    const rows = dispatchRegister([fa, fb]);
    expect(rows.map((r) => r.number)).toEqual([
      'VKN/DSP/2026/3-9(I)',
      'VKN/DSP/2026/3-10(I)',
      'VKN/DSP/2026/3-10(II)',
      'VKN/DSP/2026/3-11(I)',
    ]);
    expect(rows[1]).toMatchObject({
      subject: 'First',
      to: 'Collector, Dehradun',
      mode: 'post',
      fileNumber: 'VKN/LR/2026/3-1',
      approvedBy: CLERK,
      dispatchedBy: CLERK,
    });
  });

  it('filters by date range, mode and file', () => {
    const rows = dispatchRegister([fa, fb]);
    const subjects = (f: Partial<typeof NO_FILTER>) =>
      filterRegister(rows, { ...NO_FILTER, ...f }).map((r) => r.subject);
    expect(subjects({})).toEqual(['Third', 'First', 'Second', 'Fourth']);
    expect(subjects({ from: '2026-01-07' })).toEqual(['Fourth']);
    expect(subjects({ to: '2026-01-06' })).toEqual(['Third', 'First', 'Second']);
    expect(subjects({ from: '2026-01-06', to: '2026-01-06', mode: 'hand' })).toEqual(['Second']);
    expect(subjects({ file: b.id })).toEqual(['Third', 'Fourth']);
    expect(subjects({ from: '2026-02-01' })).toEqual([]);
  });
});
