import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDispatchNumber, parseDispatchNumber } from '@domain/letters.ts';

/**
 * Dispatch numbers made on many tablets without asking a server are unique
 * within the office, and letters from one file on one day by one tablet share
 * one sequence number in parts (I), (II), … (CSMOP para 42).
 */

const dispatch = fc.record({
  file: fc.integer({ min: 0, max: 3 }),
  device: fc.integer({ min: 1, max: 3 }),
  day: fc.integer({ min: 1, max: 3 }),
});

describe('dispatch numbers', () => {
  it('are unique in the office; one file, day and tablet share a sequence', () => {
    fc.assert(
      fc.property(fc.array(dispatch, { maxLength: 60 }), (ds) => {
        const counters = new Map<number, number>();
        const byFile = new Map<number, { number: string; date: string }[]>();
        const made: { number: string; file: number; device: number; date: string }[] = [];
        for (const d of ds) {
          const date = `2026-01-0${d.day}`;
          const used = byFile.get(d.file) ?? [];
          const number = nextDispatchNumber(
            used,
            { officeCode: 'VKN', deviceNumber: d.device, date },
            () => {
              const next = (counters.get(d.device) ?? 0) + 1;
              counters.set(d.device, next);
              return next;
            },
          );
          byFile.set(d.file, [...used, { number, date }]);
          made.push({ number, file: d.file, device: d.device, date });
        }
        expect(new Set(made.map((m) => m.number)).size).toBe(made.length);
        const seqOf = (n: string) => {
          const p = parseDispatchNumber(n);
          if (!p.ok) throw new Error(p.error);
          return `${p.value.deviceNumber}-${p.value.seq}`;
        };
        for (const a of made) {
          for (const b of made) {
            const together = a.file === b.file && a.device === b.device && a.date === b.date;
            expect(seqOf(a.number) === seqOf(b.number)).toBe(together);
          }
        }
      }),
    );
  });

  it('the second letter of the day from one file is …/5(II)', () => {
    const at = { officeCode: 'VKN', deviceNumber: 3, date: '2026-01-06' };
    const first = nextDispatchNumber([], at, () => 5);
    const second = nextDispatchNumber([{ number: first, date: at.date }], at, () => 6);
    expect([first, second]).toEqual(['VKN/DSP/2026/3-5(I)', 'VKN/DSP/2026/3-5(II)']);
  });
});
