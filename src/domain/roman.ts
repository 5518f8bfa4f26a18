/**
 * Roman numerals as offices write them in numbers and flags: CSMOP para 42's
 * dispatch parts (…/5(II)/…, letters.ts) and correspondence flags (FR IV,
 * note-references.ts). 1 to 399.
 */

const NUMERALS: readonly (readonly [number, string])[] = [
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

export const MAX_ROMAN = 399;

export function toRoman(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ROMAN) throw new RangeError(`${n}`);
  let out = '';
  let rest = n;
  for (const [value, letters] of NUMERALS)
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  return out;
}

/** The number `s` stands for when it is written as toRoman writes it and ≤ `max`; else null. */
export function fromRoman(s: string, max = MAX_ROMAN): number | null {
  for (let n = 1; n <= Math.min(max, MAX_ROMAN); n++) if (toRoman(n) === s) return n;
  return null;
}
