import type { Category, RecordKind } from './record.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/**
 * Record numbers unique within an office without asking a server:
 * `OFFICE/HEAD/YEAR/DEVICE-SEQ`, e.g. `VKN/REV/2026/3-17` for a file and
 * `VKN/D/2026/3-5` for a diary number. The server assigns each device a
 * number per office once, at registration; the device keeps its own counter
 * (per office, kind and year, see `sequenceKey`). Short enough for a cover.
 */

export const HEAD_CODES: Readonly<Record<Category, string>> = {
  revenue: 'REV',
  landRecords: 'LR',
  disasterRelief: 'DR',
  pensions: 'PEN',
  establishment: 'EST',
  rti: 'RTI',
  courtCases: 'CC',
  others: 'GEN',
};

/** Head code of diary numbers (receipts); distinct from every category code. */
export const DIARY_HEAD = 'D';

export interface NumberParts {
  /** Office code, e.g. `VKN`. */
  readonly officeCode: string;
  readonly year: number;
  readonly deviceNumber: number;
  readonly seq: number;
}

export interface ParsedRecordNumber extends NumberParts {
  readonly kind: RecordKind;
  /** The category for files; null for diary numbers. */
  readonly category: Category | null;
}

const OFFICE_CODE = /^[A-Z]{1,8}$/;
const NUMBER_PATTERN = /^([A-Z]{1,8})\/([A-Z]{1,4})\/(\d{4})\/([1-9]\d{0,5})-([1-9]\d{0,8})$/;

function checkParts(p: NumberParts): void {
  if (!OFFICE_CODE.test(p.officeCode)) throw new RangeError(`bad office code: ${p.officeCode}`);
  if (!Number.isInteger(p.year) || p.year < 1000 || p.year > 9999) {
    throw new RangeError(`bad year: ${p.year}`);
  }
  for (const [name, n] of [
    ['device number', p.deviceNumber],
    ['sequence', p.seq],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`bad ${name}: ${n}`);
  }
}

function format(head: string, p: NumberParts): string {
  checkParts(p);
  return `${p.officeCode}/${head}/${p.year}/${p.deviceNumber}-${p.seq}`;
}

export function formatFileNumber(p: NumberParts & { readonly category: Category }): string {
  return format(HEAD_CODES[p.category], p);
}

export function formatDiaryNumber(p: NumberParts): string {
  return format(DIARY_HEAD, p);
}

function categoryOfHead(head: string): Category | undefined {
  return (Object.keys(HEAD_CODES) as Category[]).find((c) => HEAD_CODES[c] === head);
}

export function parseRecordNumber(s: string): Result<ParsedRecordNumber, string> {
  const m = NUMBER_PATTERN.exec(s);
  if (m === null) return err(`not a record number: ${s.slice(0, 40)}`);
  const [, officeCode = '', head = '', year = '', device = '', seq = ''] = m;
  const parts = { officeCode, year: Number(year), deviceNumber: Number(device), seq: Number(seq) };
  if (head === DIARY_HEAD) return ok({ ...parts, kind: 'receipt', category: null });
  const category = categoryOfHead(head);
  if (category === undefined) return err(`unknown head code: ${head}`);
  return ok({ ...parts, kind: 'file', category });
}

/**
 * The key of the device's counter for the next number. Files of all heads
 * share one counter per office and year, so `3-17` alone is unique on a cover.
 */
export function sequenceKey(officeCode: string, kind: RecordKind, year: number): string {
  return `${officeCode}/${kind}/${year}`;
}
