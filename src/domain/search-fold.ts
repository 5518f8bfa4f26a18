/**
 * Folding words for search, so the spellings offices actually type find each
 * other: कब्ज़े = कब्जे (nukta), अँगरेजी = अंगरेजी (chandrabindu), पेन्शन = पेंशन
 * (dead NA = anusvara), ई = इ and ी = ि (long and short matras). `foldHindi`
 * follows Lucene's HindiNormalizer (after Pingali & Varma, with Larkey et al.'s
 * additions) rule for rule, plus two spellings Hindi offices mix freely: the
 * other nasal consonants with a halant (ङ्, ञ्, ण्) and म् before a labial
 * are written as anusvara too (गङ्गा = गंगा, सम्बन्ध = संबंध).
 *
 * `skeleton` folds Devanagari and Roman to one loose Latin form, so a word
 * typed in Roman finds it in Devanagari ("seemankan" finds सीमांकन, "pension"
 * finds पेंशन): aspiration and the short a (written or not: Hindi drops the
 * inherent vowel) are left out, long and short vowels are one, sibilants are
 * one. It is meant for matching only; it finds more than an exact spelling.
 */

const HALANT = '\u094D';
const ANUSVARA = '\u0902';

/** One code point to another (or to nothing): Lucene's table, by code point. */
const HINDI_MAP: Readonly<Record<string, string>> = {
  '\u0901': ANUSVARA, // chandrabindu
  '\u093C': '', // nukta
  '\u0929': '\u0928',
  '\u0931': '\u0930',
  '\u0934': '\u0933',
  '\u0958': '\u0915',
  '\u0959': '\u0916',
  '\u095A': '\u0917',
  '\u095B': '\u091C',
  '\u095C': '\u0921',
  '\u095D': '\u0922',
  '\u095E': '\u092B',
  '\u095F': '\u092F',
  '\u200D': '', // zero-width joiner
  '\u200C': '', // zero-width non-joiner
  [HALANT]: '',
  // chandra and short vowels
  '\u0945': '\u0947',
  '\u0946': '\u0947',
  '\u0949': '\u094B',
  '\u094A': '\u094B',
  '\u090D': '\u090F',
  '\u090E': '\u090F',
  '\u0911': '\u0913',
  '\u0912': '\u0913',
  '\u0972': '\u0905',
  // long to short independent vowels
  '\u0906': '\u0905',
  '\u0908': '\u0907',
  '\u090A': '\u0909',
  '\u0960': '\u090B',
  '\u0961': '\u090C',
  '\u0910': '\u090F',
  '\u0914': '\u0913',
  // long to short dependent vowels
  '\u0940': '\u093F',
  '\u0942': '\u0941',
  '\u0944': '\u0943',
  '\u0963': '\u0962',
  '\u0948': '\u0947',
  '\u094C': '\u094B',
};

/** Nasal consonants that, with a halant, are the same sound as an anusvara. */
const DEAD_NASALS = new Set(['\u0928', '\u0919', '\u091E', '\u0923']);
const MA = '\u092E';
/** प फ ब भ म: म् before these is written ं as often as not. */
const LABIALS = new Set(['\u092A', '\u092B', '\u092C', '\u092D', '\u092E']);

/** Devanagari digits ०–९ as ASCII, so १२३ and 123 are one number. */
export function foldDigits(text: string): string {
  return text.replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966));
}

/** A word with Lucene's HindiNormalizer rules applied (and the nasal additions above). */
export function foldHindi(word: string): string {
  const s = [...word];
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    const next = s[i + 1];
    if (next === HALANT && (DEAD_NASALS.has(c) || (c === MA && LABIALS.has(s[i + 2] ?? '')))) {
      out += ANUSVARA;
      i++;
      continue;
    }
    out += HINDI_MAP[c] ?? c;
  }
  return out;
}

/** Folded Devanagari to rough Latin; vowel length is already gone, the short a is dropped later. */
const ROUGH_LATIN: Readonly<Record<string, string>> = {
  // independent vowels (after foldHindi)
  '\u0905': 'a',
  '\u0907': 'i',
  '\u0909': 'u',
  '\u090B': 'ri',
  '\u090C': 'li',
  '\u090F': 'e',
  '\u0913': 'o',
  // dependent vowels
  '\u093E': 'a',
  '\u093F': 'i',
  '\u0941': 'u',
  '\u0943': 'ri',
  '\u0962': 'li',
  '\u0947': 'e',
  '\u094B': 'o',
  [ANUSVARA]: 'n',
  '\u0903': 'h', // visarga
  // consonants; aspirated ones come out with an h that the skeleton drops
  '\u0915': 'k',
  '\u0916': 'kh',
  '\u0917': 'g',
  '\u0918': 'gh',
  '\u0919': 'n',
  '\u091A': 'ch',
  '\u091B': 'chh',
  '\u091C': 'j',
  '\u091D': 'jh',
  '\u091E': 'n',
  '\u091F': 't',
  '\u0920': 'th',
  '\u0921': 'd',
  '\u0922': 'dh',
  '\u0923': 'n',
  '\u0924': 't',
  '\u0925': 'th',
  '\u0926': 'd',
  '\u0927': 'dh',
  '\u0928': 'n',
  '\u092A': 'p',
  '\u092B': 'ph',
  '\u092C': 'b',
  '\u092D': 'bh',
  '\u092E': 'm',
  '\u092F': 'y',
  '\u0930': 'r',
  '\u0932': 'l',
  '\u0933': 'l',
  '\u0935': 'v',
  '\u0936': 'sh',
  '\u0937': 'sh',
  '\u0938': 's',
  '\u0939': 'h',
};

/** Roman spellings of one sound, in the order they are folded. */
const LATIN_FOLDS: readonly (readonly [RegExp, string])[] = [
  [/[st]ion/g, 'shan'], // pension = पेंशन, commission = कमीशन
  [/aa/g, 'a'],
  [/ee|ii/g, 'i'],
  [/oo|uu/g, 'u'],
  [/ai|ei/g, 'e'],
  [/au|ou/g, 'o'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/z/g, 'j'],
  [/f/g, 'p'],
  [/w/g, 'v'],
  [/e(?=h)/g, ''], // tehsil = तहसील
  [/a/g, ''], // the short a, written or not
  [/([bcdgjklmnprstvy])h+/g, '$1'], // aspiration: kh = k, chh = ch = c, sh = s
  [/y/g, 'i'], // a glide between vowels: नायब = nayab = naib, लिए = liye, नियम = niyam
  [/n(?=[bpm])/g, 'm'], // संबंध = sambandh
  [/([a-z0-9])\1+/g, '$1'], // doubled letters: patta = पत्ता
  [/[^a-z0-9]/g, ''],
];

/** Devanagari and Roman words to one loose Latin form (see the header). */
export function skeleton(word: string): string {
  let rough = '';
  for (const c of foldHindi(foldDigits(word.toLowerCase()))) rough += ROUGH_LATIN[c] ?? c;
  return LATIN_FOLDS.reduce((s, [from, to]) => s.replace(from, to), rough);
}

/** Whether the text has any Devanagari letter. */
export function isDevanagari(text: string): boolean {
  return /[\u0900-\u097F]/.test(text);
}
