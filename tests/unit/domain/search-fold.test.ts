import { describe, expect, it } from 'vitest';
import { foldDigits, foldHindi, skeleton } from '@domain/search-fold.ts';

describe('foldHindi: spellings offices mix are one word', () => {
  it.each([
    ['कब्ज़े', 'कब्जे'], // nukta, as a separate mark
    ['क़ब्ज़ा', 'कब्जा'], // nukta, precomposed (U+0958)
    ['फ़सल', 'फसल'],
    ['ज़मीन', 'जमीन'],
    ['पेन्शन', 'पेंशन'], // dead NA = anusvara
    ['अँगरेजी', 'अंगरेजी'], // chandrabindu = anusvara
    ['गाँव', 'गांव'],
    ['सम्बन्ध', 'संबंध'], // म् before a labial, and न्
    ['गङ्गा', 'गंगा'],
    ['पञ्चायत', 'पंचायत'],
    ['कण्ठ', 'कंठ'],
    ['भूमि', 'भुमि'], // long and short dependent vowels
    ['सीमांकन', 'सिमांकन'],
    ['ईश्वर', 'इश्वर'], // long and short independent vowels
    ['ऊपर', 'उपर'],
    ['आवेदन', 'अवेदन'],
    ['कैसे', 'केसे'], // ai = e, as Lucene folds it
    ['औषधि', 'ओषधि'],
    ['कॉलेज', 'कोलेज'], // chandra o
    ['क्‍या', 'क्या'], // a zero-width joiner typed inside
  ])('%s = %s', (a, b) => {
    expect(foldHindi(a)).toBe(foldHindi(b));
  });

  it('keeps apart words that differ', () => {
    expect(foldHindi('कब्जे')).not.toBe(foldHindi('कब्र'));
    expect(foldHindi('पेंशन')).not.toBe(foldHindi('पेशन'));
    // म् before a non-labial stays (तुम्हारा is never written तुंहारा).
    expect(foldHindi('तुम्हारा')).toBe('तुमहारा');
  });

  it('leaves Roman and digits alone, and folds Devanagari digits', () => {
    expect(foldHindi('VKN/LR/2026')).toBe('VKN/LR/2026');
    expect(foldDigits('२०२६/१-७७')).toBe('2026/1-77');
  });
});

describe('skeleton: Roman typing meets Devanagari', () => {
  it.each([
    ['seemankan', 'सीमांकन'],
    ['simankan', 'सीमांकन'],
    ['pension', 'पेंशन'],
    ['penshan', 'पेन्शन'],
    ['kabze', 'कब्ज़े'],
    ['kabje', 'कब्जे'],
    ['fasal', 'फ़सल'],
    ['phasal', 'फसल'],
    ['tehsil', 'तहसील'],
    ['tahsil', 'तहसील'],
    ['sambandh', 'संबंध'],
    ['bhoomi', 'भूमि'],
    ['bhumi', 'भूमि'],
    ['krishi', 'कृषि'],
    ['khatauni', 'खतौनी'],
    ['jamabandi', 'जमाबंदी'],
    ['kanungo', 'कानूनगो'],
    ['dakhil', 'दाखिल'],
    ['kharij', 'खारिज'],
    ['vikasnagar', 'विकासनगर'],
    ['patta', 'पत्ता'],
    ['aavedan', 'आवेदन'],
    ['nayab', 'नायब'],
    ['liye', 'लिए'],
    ['niyam', 'नियम'],
  ])('%s ~ %s', (roman, devanagari) => {
    expect(skeleton(roman)).toBe(skeleton(devanagari));
    expect(skeleton(roman).length).toBeGreaterThan(0);
  });

  it('keeps apart words that sound apart', () => {
    expect(skeleton('seemankan')).not.toBe(skeleton('सीमा'));
    expect(skeleton('pension')).not.toBe(skeleton('पेशी'));
    expect(skeleton('kharij')).not.toBe(skeleton('खसरा'));
  });
});
