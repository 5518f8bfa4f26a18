import { describe, expect, it } from 'vitest';
import {
  keyText,
  keyTextMatches,
  keysMatch,
  keysOfText,
  queryTerms,
  searchKeys,
  textMatcher,
  upgradeKeys,
  type SearchedText,
} from '@domain/search-words.ts';

function finds(text: SearchedText, query: string): boolean {
  return keysMatch(searchKeys(text), queryTerms(query));
}

const demarcation: SearchedText = {
  particulars: [
    'VKN/LR/2026/1-77',
    'खसरा संख्या 112 का सीमांकन',
    'उप जिलाधिकारी विकासनगर',
    'पत्रांक 45/रा.',
  ],
  notes: ['प्रार्थी ने पेन्शन हेतु आवेदन किया है। अवैध कब्ज़े की जाँच की गई।'],
};

describe('searching a record', () => {
  it('finds the subject by any spelling offices type', () => {
    expect(finds(demarcation, 'सीमांकन')).toBe(true);
    expect(finds(demarcation, 'सिमांकन')).toBe(true);
    expect(finds(demarcation, 'खसरा')).toBe(true);
  });

  it('finds several words in any order, and only when every word is there', () => {
    expect(finds(demarcation, 'सीमांकन खसरा')).toBe(true);
    expect(finds(demarcation, 'खसरा सीमांकन 112')).toBe(true);
    expect(finds(demarcation, 'खसरा वरासत')).toBe(false);
  });

  it('finds a word being typed by its start (from three letters on)', () => {
    expect(finds(demarcation, 'सीमां')).toBe(true);
    expect(finds(demarcation, 'खस')).toBe(false); // two letters must be a whole word
    expect(finds(demarcation, 'का')).toBe(true); // …which "का" is, in the subject
  });

  it('finds the number whole, by any tail, or by a part', () => {
    expect(finds(demarcation, 'VKN/LR/2026/1-77')).toBe(true);
    expect(finds(demarcation, 'vkn/lr')).toBe(true);
    expect(finds(demarcation, '2026/1-77')).toBe(true);
    expect(finds(demarcation, '1-77')).toBe(true);
    expect(finds(demarcation, '२०२६/१-७७')).toBe(true);
    expect(finds(demarcation, 'VKN/LR/2025')).toBe(false);
  });

  it('finds the sender and the letter number', () => {
    expect(finds(demarcation, 'जिलाधिकारी')).toBe(true);
    expect(finds(demarcation, '45/रा')).toBe(true);
  });

  it('finds the notings, spelling variants folded', () => {
    expect(finds(demarcation, 'पेंशन')).toBe(true); // typed पेन्शन
    expect(finds(demarcation, 'कब्जे')).toBe(true); // typed कब्ज़े
    expect(finds(demarcation, 'जांच')).toBe(true); // typed जाँच
    expect(finds(demarcation, 'अवैध कब्जे')).toBe(true);
  });

  it('finds Devanagari particulars from Roman', () => {
    expect(finds(demarcation, 'seemankan')).toBe(true);
    expect(finds(demarcation, 'khasra')).toBe(true);
    expect(finds(demarcation, 'seemankan vikasnagar')).toBe(true);
    expect(finds(demarcation, 'seemankan dehradun')).toBe(false);
  });

  it('finds Devanagari notings from Roman (issue 17)', () => {
    const noting: SearchedText = {
      particulars: ['VKN/LR/2026/1-78'],
      notes: ['नायब तहसीलदार द्वारा सीमांकन की आख्या प्रस्तुत की गई।'],
    };
    for (const q of ['naib', 'nayab', 'seemankan', 'tehsildar', 'aakhya', 'naib seemankan']) {
      expect(finds(noting, q), q).toBe(true);
    }
    expect(finds(noting, 'pension')).toBe(false);
  });

  it('gives older keys the skeletons of this version without the text', () => {
    for (const text of [
      demarcation,
      { particulars: ['Pension of Shri Ram Lal'], notes: ['नायब तहसीलदार की आख्या'] },
    ]) {
      const keys = searchKeys(text);
      const spellings = keys.filter((k) => !k.startsWith('~'));
      expect(new Set(upgradeKeys([...spellings, '~stale']))).toEqual(new Set(keys));
    }
  });

  it('finds Roman text by Roman', () => {
    const pension: SearchedText = { particulars: ['Pension of Shri Ram Lal'], notes: [] };
    expect(finds(pension, 'pension')).toBe(true);
    expect(finds(pension, 'PENS')).toBe(true);
    expect(finds(pension, 'पेंशन')).toBe(false); // Devanagari looks up Devanagari spellings only
    expect(finds({ particulars: ['पेंशन प्रकरण'], notes: [] }, 'pension')).toBe(true);
  });

  it('leaves common words of notings out of the index', () => {
    const keys = searchKeys({ particulars: [], notes: ['यह आवेदन तहसील में है'] });
    expect(keys).toContain('अवेदन');
    expect(keys).not.toContain('में');
    expect(keys).not.toContain('है');
  });

  it('has no terms for an empty query or punctuation', () => {
    expect(queryTerms('   ')).toEqual([]);
    expect(queryTerms(' , । ')).toEqual([]);
  });
});

describe('a key text', () => {
  it('matches exactly as the keys do, and gives its keys back', () => {
    const keys = searchKeys(demarcation);
    expect(keysOfText(keyText(keys))).toEqual(keys);
    expect(keysOfText(keyText([]))).toEqual([]);
    const queries = [
      'सीमांकन',
      'सीमां',
      'खस',
      'का',
      'vkn/lr',
      '1-77',
      'seemankan',
      'khasra',
      'कब्जे',
      'वरासत',
      'खसरा वरासत',
      '2026',
      '7',
    ];
    for (const q of queries) {
      const terms = queryTerms(q);
      expect(keyTextMatches(keyText(keys), terms), q).toBe(keysMatch(keys, terms));
    }
    expect(keyTextMatches(keyText(keys), queryTerms('खस'))).toBe(false);
    expect(keyTextMatches(keyText(keys), queryTerms('सीमां'))).toBe(true);
  });
});

describe('textMatcher (the pickers: link file, attach file, attach receipt)', () => {
  const file = 'VKN/REV/2026/2-2 दाखिल-खारिज खसरा 212 ग्राम सहसपुर';
  it('finds Devanagari by Roman, every word, from the first letter', () => {
    for (const typed of ['d', 'dakhil', 'dakhil sahaspur', 'खसरा 21', 'REV/2026', '2-2'])
      expect([typed, textMatcher(typed)(file)]).toEqual([typed, true]);
    for (const typed of ['dakhil chakrata', 'm', '213'])
      expect([typed, textMatcher(typed)(file)]).toEqual([typed, false]);
  });
  it('matches everything when nothing is typed, and letters as typed', () => {
    expect(textMatcher('  ')(file)).toBe(true);
    expect(textMatcher('/')(file)).toBe(true);
    expect(textMatcher('खारिज ख')(file)).toBe(true);
  });
});
