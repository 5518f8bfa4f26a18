import { describe, expect, it } from 'vitest';
import { istDate, istYear } from '@domain/calendar.ts';
import { CATEGORIES } from '@domain/record.ts';
import {
  DIARY_HEAD,
  HEAD_CODES,
  formatDiaryNumber,
  formatFileNumber,
  parseRecordNumber,
  sequenceKey,
} from '@domain/numbering.ts';

describe('numbering', () => {
  it('formats file and diary numbers', () => {
    expect(
      formatFileNumber({
        officeCode: 'VKN',
        category: 'revenue',
        year: 2026,
        deviceNumber: 3,
        seq: 17,
      }),
    ).toBe('VKN/REV/2026/3-17');
    expect(formatDiaryNumber({ officeCode: 'VKN', year: 2026, deviceNumber: 3, seq: 5 })).toBe(
      'VKN/D/2026/3-5',
    );
  });

  it('every category has a distinct head code, distinct from the diary head', () => {
    const codes = CATEGORIES.map((c) => HEAD_CODES[c]);
    expect(new Set([...codes, DIARY_HEAD]).size).toBe(CATEGORIES.length + 1);
  });

  it('round-trips through parseRecordNumber for every category', () => {
    for (const category of CATEGORIES) {
      const s = formatFileNumber({
        officeCode: 'CKT',
        category,
        year: 2027,
        deviceNumber: 12,
        seq: 4031,
      });
      expect(parseRecordNumber(s)).toEqual({
        ok: true,
        value: {
          officeCode: 'CKT',
          category,
          kind: 'file',
          year: 2027,
          deviceNumber: 12,
          seq: 4031,
        },
      });
    }
    expect(parseRecordNumber('VKN/D/2026/3-5')).toMatchObject({
      ok: true,
      value: { kind: 'receipt', category: null, seq: 5 },
    });
  });

  it('different devices or sequences never give the same number', () => {
    const seen = new Set<string>();
    for (let device = 1; device <= 5; device++) {
      for (let seq = 1; seq <= 20; seq++) {
        seen.add(
          formatFileNumber({
            officeCode: 'VKN',
            category: 'rti',
            year: 2026,
            deviceNumber: device,
            seq,
          }),
        );
      }
    }
    expect(seen.size).toBe(100);
  });

  it('refuses malformed numbers and parts', () => {
    for (const bad of [
      'VKN/XYZ/2026/3-1',
      'vkn/REV/2026/3-1',
      'VKN/REV/26/3-1',
      'VKN/REV/2026/0-1',
      'VKN/REV/2026/3-0',
      'VKN/REV/2026/3',
    ]) {
      expect(parseRecordNumber(bad).ok).toBe(false);
    }
    expect(() =>
      formatDiaryNumber({ officeCode: 'V1', year: 2026, deviceNumber: 1, seq: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      formatDiaryNumber({ officeCode: 'VKN', year: 2026, deviceNumber: 0, seq: 1 }),
    ).toThrow(RangeError);
  });

  it('sequence keys separate offices, kinds and years', () => {
    expect(sequenceKey('VKN', 'file', 2026)).not.toBe(sequenceKey('VKN', 'receipt', 2026));
    expect(sequenceKey('VKN', 'file', 2026)).not.toBe(sequenceKey('VKN', 'file', 2027));
  });

  it('dates and years are taken in IST', () => {
    const lateNightUtc = Date.UTC(2025, 11, 31, 19, 0); // 1 Jan 2026, 00:30 IST
    expect(istDate(lateNightUtc)).toBe('2026-01-01');
    expect(istYear(lateNightUtc)).toBe(2026);
  });
});
