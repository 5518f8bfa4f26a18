import type { RecordId } from './ids.ts';
import type { AttachedReceipt } from './record.ts';
import { fromRoman, toRoman } from './roman.ts';

/**
 * References in notings (issue 17), as CSMOP para 25 has them: the receipt a
 * file was opened on is flagged "PUC" (paper under consideration), those put
 * in after it "FR I", "FR II", … (fresh receipts), and a noting refers to an
 * earlier paragraph as "para 3" (Hindi "पैरा 3" or "अनुच्छेद 3"). The
 * references are read from the noting's text when it is shown, so nothing
 * new is stored or synced, and notings written before this are linked too.
 */

export interface Flag {
  readonly flag: string;
  readonly receiptId: RecordId;
}

/** Each receipt's flag, in the order they were put in the file. */
export function correspondenceFlags(receipts: readonly AttachedReceipt[]): Flag[] {
  return receipts.map((r, i) => ({
    flag: i === 0 ? 'PUC' : `FR ${toRoman(i)}`,
    receiptId: r.receiptId,
  }));
}

export type NotingPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'flag'; readonly text: string; readonly flag: string }
  | { readonly kind: 'para'; readonly text: string; readonly paragraph: number }
  | { readonly kind: 'file'; readonly text: string; readonly file: RecordId };

// Not inside a word on either side (Devanagari letters and their signs count as word).
const REFERENCE =
  /(?<![\p{L}\p{M}\p{N}])(?:(PUC)|FR[\s.-]*([IVXL]+)|(?:para|पैरा|अनुच्छेद)\.?\s*(\d{1,4}))(?![\p{L}\p{M}\p{N}])/giu;

/**
 * The noting's text cut at its references: a flag that names a receipt of
 * `flags` and a paragraph number in `paragraphs` become links; anything else
 * stays text.
 */
export function notingParts(
  text: string,
  flags: ReadonlySet<string>,
  paragraphs: ReadonlySet<number>,
  files: ReadonlyMap<string, RecordId> = new Map(),
): NotingPart[] {
  return withFileNumbers(referenceParts(text, flags, paragraphs), files);
}

function referenceParts(
  text: string,
  flags: ReadonlySet<string>,
  paragraphs: ReadonlySet<number>,
): NotingPart[] {
  const parts: NotingPart[] = [];
  let at = 0;
  for (const m of text.matchAll(REFERENCE)) {
    const ref = reference(m);
    if (ref === null) continue;
    const known = ref.kind === 'flag' ? flags.has(ref.flag) : paragraphs.has(ref.paragraph);
    if (!known) continue;
    if (m.index > at) parts.push({ kind: 'text', text: text.slice(at, m.index) });
    parts.push(ref);
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

function reference(m: RegExpMatchArray): Extract<NotingPart, { kind: 'flag' | 'para' }> | null {
  const [text, puc, fr, para] = m;
  if (puc !== undefined) return { kind: 'flag', text, flag: 'PUC' };
  if (fr !== undefined) {
    const n = fromRoman(fr.toUpperCase());
    return n === null ? null : { kind: 'flag', text, flag: `FR ${toRoman(n)}` };
  }
  if (para !== undefined) return { kind: 'para', text, paragraph: Number(para) };
  return null;
}

// '-' is literal outside a class (and may not be escaped in a `u` pattern).
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A linked file's number quoted in the text (`Link file`, file-links.ts) becomes
 * a link to that file; a longer number that merely starts with it does not
 * (…/3-1 inside …/3-17), nor one inside a word.
 */
function withFileNumbers(parts: NotingPart[], files: ReadonlyMap<string, RecordId>): NotingPart[] {
  if (files.size === 0) return parts;
  // Longest first, so a number that begins another is tried after it.
  const numbers = [...files.keys()].sort((a, b) => b.length - a.length).map(escape);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{M}\\p{N}/-])(?:${numbers.join('|')})(?![\\p{L}\\p{M}\\p{N}]|[/-][\\p{L}\\p{N}])`,
    'gu',
  );
  return parts.flatMap((part): NotingPart[] => {
    if (part.kind !== 'text') return [part];
    const out: NotingPart[] = [];
    let at = 0;
    for (const m of part.text.matchAll(pattern)) {
      const file = files.get(m[0]);
      if (file === undefined) continue;
      if (m.index > at) out.push({ kind: 'text', text: part.text.slice(at, m.index) });
      out.push({ kind: 'file', text: m[0], file });
      at = m.index + m[0].length;
    }
    if (at < part.text.length) out.push({ kind: 'text', text: part.text.slice(at) });
    return out;
  });
}
