import type { RecordId } from './ids.ts';
import type { RecordState } from './record.ts';
import { remembered } from './remembered.ts';
import { foldDigits, foldHindi, isDevanagari, skeleton } from './search-fold.ts';

/**
 * The search index of one record: the words of its number, subject, letter
 * particulars (sender, letter number), receipts put in it and finalised
 * notings, each folded (search-fold.ts) to the keys a query looks up. Raise
 * SEARCH_VERSION whenever the keys change for the same state; stored rows of an
 * older version are rebuilt.
 *
 * Keys: a word's folded spelling (Devanagari folded, Roman lower-cased,
 * digits as ASCII), and for a spelled-out word `~` + its skeleton, which a
 * Roman query looks up (so "naib" finds नायब in a noting too). A skeleton is
 * made from the folded spelling (skeletonKeys), so a store's older keys can be
 * given this version's skeletons without reading the records (upgradeKeys). A number such as VKN/LR/2026/1-77 is kept whole, from each separator on
 * (`2026/1-77`, `1-77`) and part by part, so any tail of it is a prefix.
 */
export const SEARCH_VERSION = 2;

/** Marks skeleton keys apart from spellings. */
export const SKELETON_MARK = '~';

/** Query words shorter than this (folded) must match a whole word, not start one. */
export const PREFIX_MIN_CHARS = 3;

/** Words, with numbers' separators (/ - .) kept inside them. */
const WORD = /[\p{L}\p{M}\p{N}\u200C\u200D]+(?:[/.-][\p{L}\p{M}\p{N}\u200C\u200D]+)*/gu;
const SEPARATOR = /[/.-]/;

/**
 * Words of notings too common to be worth an index entry in every record
 * (postpositions, pronouns, auxiliaries), as folded. Particulars keep them.
 */
const STOP_WORDS = new Set(
  [
    'का',
    'की',
    'के',
    'को',
    'में',
    'से',
    'पर',
    'है',
    'हैं',
    'था',
    'थे',
    'थी',
    'और',
    'या',
    'तथा',
    'एवं',
    'यह',
    'वह',
    'ये',
    'वे',
    'इस',
    'उस',
    'इन',
    'उन',
    'भी',
    'ही',
    'तो',
    'न',
    'नहीं',
    'कि',
    'जो',
    'लिए',
    'हो',
    'गया',
    'गयी',
    'गई',
    'किया',
    'जाता',
    'जाती',
    'जाए',
    'कर',
  ].map(foldHindi),
);

/** A word's folded spelling: Devanagari by foldHindi, Roman lower-cased, digits ASCII. */
export function foldWord(word: string): string {
  return foldHindi(foldDigits(word.toLowerCase()));
}

/** The words of `text` as typed (numbers whole). */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A number-like word, its tails from each separator on, and its parts. */
function piecesOf(word: string): string[] {
  if (!SEPARATOR.test(word)) return [word];
  const pieces = [word, ...word.split(SEPARATOR)];
  for (let i = 0; i < word.length; i++) {
    if (SEPARATOR.test(word[i] ?? '')) pieces.push(word.slice(i + 1));
  }
  return pieces;
}

/** A word of letters (not a number): worth a skeleton. */
function spelledOut(word: string): boolean {
  return /\p{L}/u.test(word) && !SEPARATOR.test(word);
}

/**
 * Distinct words remembered while indexing (search-fold.ts's folds are pure);
 * an office's vocabulary is a few thousand words, a join folds them over and over.
 */
const REMEMBERED_WORDS = 20_000;

/** A word's folded pieces (piecesOf), empty ones left out. */
const foldedPieces = remembered(
  (word: string) =>
    piecesOf(word)
      .map(foldWord)
      .filter((folded) => folded.length > 0),
  REMEMBERED_WORDS,
);

function addKeys(keys: Set<string>, text: string, stop: boolean): void {
  for (const word of wordsOf(text)) {
    for (const folded of foldedPieces(word)) {
      if (stop && STOP_WORDS.has(folded)) continue;
      keys.add(folded);
    }
  }
}

/** `~` + the skeleton of a spelled-out key, or '' (a folded spelling skeletons as its word does). */
const skeletonKey = remembered((key: string) => {
  if (key.startsWith(SKELETON_MARK) || !spelledOut(key)) return '';
  const skel = skeleton(key);
  return skel.length > 0 ? SKELETON_MARK + skel : '';
}, REMEMBERED_WORDS);

function skeletonKeys(folded: Iterable<string>): string[] {
  const out: string[] = [];
  for (const key of folded) {
    const skel = skeletonKey(key);
    if (skel !== '') out.push(skel);
  }
  return out;
}

/**
 * The keys of this SEARCH_VERSION from an older version's keys of the same
 * record: its spellings are the same, its skeletons are made again.
 */
export function upgradeKeys(keys: readonly string[]): string[] {
  const spellings = keys.filter((k) => !k.startsWith(SKELETON_MARK));
  return [...new Set([...spellings, ...skeletonKeys(spellings)])];
}

/** What of a record is searched. */
export interface SearchedText {
  /** Number, subject, sender, letter number…: every word indexed. */
  readonly particulars: readonly string[];
  /** Notings' text: indexed without its most common words (STOP_WORDS). */
  readonly notes: readonly string[];
}

/** The index keys of a record's text (unordered, each once). */
export function searchKeys(text: SearchedText): string[] {
  const keys = new Set<string>();
  for (const t of text.particulars) addKeys(keys, t, false);
  for (const t of text.notes) addKeys(keys, t, true);
  return [...new Set([...keys, ...skeletonKeys(keys)])];
}

/** What of a record's state is searched: see the header. */
export function searchedTextOf(state: RecordState): SearchedText {
  const { meta, letter } = state;
  const particulars = [meta.number, meta.subject];
  if (letter !== null) particulars.push(letter.from, letter.letterNumber);
  for (const r of state.receipts) particulars.push(r.diaryNumber, r.subject);
  return { particulars, notes: state.notes.map((n) => n.text) };
}

/** One stored index row. */
export interface SearchRow {
  readonly id: RecordId;
  readonly version: number;
  readonly keys: readonly string[];
}

export function searchRowOf(state: RecordState): SearchRow {
  return { id: state.meta.id, version: SEARCH_VERSION, keys: searchKeys(searchedTextOf(state)) };
}

/** One key a query word may match: the whole key, or any key starting with it. */
export interface KeyMatch {
  readonly key: string;
  readonly prefix: boolean;
}

/** A query word: a record matches it when any one of its keys matches. */
export type QueryTerm = readonly KeyMatch[];

function match(key: string, length: number): KeyMatch {
  return { key, prefix: length >= PREFIX_MIN_CHARS };
}

/**
 * The skeletons a Roman word may mean: "ai" is ऐ (kaise = कैसे) or आ + इ/य
 * (naib = नायब, nai = नई), so both.
 */
function romanSkeletons(word: string): string[] {
  const lower = word.toLowerCase();
  return [...new Set([skeleton(lower), skeleton(lower.replaceAll('ai', 'ayi'))])];
}

/**
 * The terms of a query, every one of which a record must match, in any order.
 * Devanagari looks up its folded spelling; Roman its lower-case spelling and
 * its skeleton (so it finds Devanagari); digits themselves.
 */
export function queryTerms(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const word of wordsOf(text)) {
    const folded = foldWord(word);
    if (folded.length === 0) continue;
    const term: KeyMatch[] = [match(folded, [...folded].length)];
    if (!isDevanagari(word) && spelledOut(word)) {
      for (const skel of romanSkeletons(word)) {
        if (skel.length > 0 && skel !== folded) term.push(match(SKELETON_MARK + skel, skel.length));
      }
    }
    terms.push(term);
  }
  return terms;
}

/**
 * Whether a record with these index keys matches every term: the same rule
 * as the device's index lookup (search-index.ts), for stores without one.
 */
export function keysMatch(keys: readonly string[], terms: readonly QueryTerm[]): boolean {
  return terms.every((term) =>
    term.some(({ key, prefix }) => keys.some((k) => (prefix ? k.startsWith(key) : k === key))),
  );
}

/** Separates keys in a key text (no key holds it: words never span whitespace). */
const KEY_END = '\n';

/**
 * A record's keys as one string, each key followed by KEY_END and the first
 * preceded by it: the device reads and checks one string per record where it
 * walks records (a broad word), instead of hundreds of separate keys.
 */
export function keyText(keys: readonly string[]): string {
  return keys.length === 0 ? '' : KEY_END + keys.join(KEY_END) + KEY_END;
}

/** The keys of a key text (in the order keyText got them). */
export function keysOfText(text: string): string[] {
  return text.length === 0 ? [] : text.slice(1, -1).split(KEY_END);
}

/** keysMatch over a key text. */
export function keyTextMatches(text: string, terms: readonly QueryTerm[]): boolean {
  return terms.every((term) =>
    term.some(({ key, prefix }) => text.includes(KEY_END + key + (prefix ? '' : KEY_END))),
  );
}

/**
 * Whether a short text (a picker's number, subject and sender) matches what is typed:
 * the text holds it as typed, or every typed word starts one of the text's words by
 * the inbox search's spellings (Hindi folded, Roman finding Devanagari: "dakhil" finds
 * दाखिल-खारिज), however short, since a picker narrows as a person types. Nothing typed
 * matches everything.
 */
export function textMatcher(typed: string): (text: string) => boolean {
  const lower = typed.trim().toLocaleLowerCase();
  if (lower === '') return () => true;
  const terms: QueryTerm[] = [];
  for (const word of wordsOf(typed)) {
    const keys = [foldWord(word)];
    // Even one Roman letter: its skeleton ("p" finds पटवारी and प्रधान).
    if (!isDevanagari(word) && spelledOut(word))
      keys.push(...romanSkeletons(word).map((skel) => SKELETON_MARK + skel));
    const term = keys.filter((k) => k !== '' && k !== SKELETON_MARK);
    if (term.length > 0) terms.push(term.map((key) => ({ key, prefix: true })));
  }
  return (text) =>
    text.toLocaleLowerCase().includes(lower) ||
    (terms.length > 0 && keysMatch(searchKeys({ particulars: [text], notes: [] }), terms));
}
