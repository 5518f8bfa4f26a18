import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { correspondenceFlags, notingParts } from '@domain/note-references.ts';
import { fromRoman, toRoman } from '@domain/roman.ts';

const receipt = (n: number) => ({
  receiptId: asRecordId(`00000000-0000-4000-8000-00000000000${n}`),
  diaryNumber: `VKN/R/2026/${n}`,
  subject: `letter ${n}`,
  at: n,
});

describe('references in notings (CSMOP para 25)', () => {
  it('flags the first receipt PUC and later ones FR I, FR II, …', () => {
    const flags = correspondenceFlags([receipt(1), receipt(2), receipt(3)]);
    expect(flags.map((f) => f.flag)).toEqual(['PUC', 'FR I', 'FR II']);
    expect(flags[2]?.receiptId).toBe(receipt(3).receiptId);
    expect([1, 4, 9, 14, 40, 49, 99, 399].map(toRoman)).toEqual([
      'I',
      'IV',
      'IX',
      'XIV',
      'XL',
      'XLIX',
      'XCIX',
      'CCCXCIX',
    ]);
    expect(fromRoman('XIV')).toBe(14);
    expect(fromRoman('IIII')).toBeNull();
    expect(fromRoman('LX', 50)).toBeNull();
  });

  it('cuts a noting at the flags and paragraphs the file has, in English and Hindi', () => {
    const flags = new Set(['PUC', 'FR I', 'FR II']);
    const paragraphs = new Set([1, 2, 3]);
    expect(
      notingParts('PUC may kindly be seen; FR-II and para 2 above refer.', flags, paragraphs),
    ).toEqual([
      { kind: 'flag', text: 'PUC', flag: 'PUC' },
      { kind: 'text', text: ' may kindly be seen; ' },
      { kind: 'flag', text: 'FR-II', flag: 'FR II' },
      { kind: 'text', text: ' and ' },
      { kind: 'para', text: 'para 2', paragraph: 2 },
      { kind: 'text', text: ' above refer.' },
    ]);
    expect(notingParts('कृपया पैरा 3 एवं fr i देखें।', flags, paragraphs)).toEqual([
      { kind: 'text', text: 'कृपया ' },
      { kind: 'para', text: 'पैरा 3', paragraph: 3 },
      { kind: 'text', text: ' एवं ' },
      { kind: 'flag', text: 'fr i', flag: 'FR I' },
      { kind: 'text', text: ' देखें।' },
    ]);
    expect(notingParts('अनुच्छेद 1 के अनुसार', flags, paragraphs)[0]).toEqual({
      kind: 'para',
      text: 'अनुच्छेद 1',
      paragraph: 1,
    });
  });

  it('leaves as text what names nothing in the file or sits inside a word', () => {
    const flags = new Set(['PUC']);
    const paragraphs = new Set([1]);
    for (const text of [
      'FR III was not received', // no third receipt
      'para 7 of the rules', // no paragraph 7
      'PUCCA road, FRIDAY, paragraph 1', // inside words
      'SPUC',
    ])
      expect(notingParts(text, flags, paragraphs)).toEqual([{ kind: 'text', text }]);
    expect(notingParts('', flags, paragraphs)).toEqual([]);
  });
});
