import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Office, Role } from './directory.ts';
import type { DispatchMode, LetterContent, LetterEvent, LetterTemplate } from './events.ts';
import type { EventId, PersonId, RecordId } from './ids.ts';
import { err, ok, type Result } from './result.ts';
import type { RegisterNumber } from './running-register.ts';
import { fromRoman, toRoman as romanNumeral } from './roman.ts';

/**
 * Draft letters of a file (issue 16): written, revised, approved and
 * dispatched as events, so every version says who made it and when, and the
 * approval and the dispatch are signed like every other event. The fold keeps
 * them in `RecordState.drafts` (letter-fold.ts); rules.ts says when each
 * applies. What a version's hash covers, who may approve, and how a dispatch
 * is numbered are defined here, once, for the device, the server and a
 * verifier.
 */

/** One version of a draft: the whole content, who wrote it, when, and its hash. */
export interface LetterVersion extends LetterContent {
  /** The letterDrafted or letterRevised event that made this version. */
  readonly eventId: EventId;
  readonly by: PersonId;
  readonly at: number;
  /** letterHash of this version. */
  readonly hash: string;
}

export interface LetterApproval {
  readonly eventId: EventId;
  readonly by: PersonId;
  readonly at: number;
  /**
   * The version approved: the one its approver read. Usually the last; a version
   * made concurrently offline and folded before the approval stays unapproved.
   */
  readonly version: EventId;
  readonly textHash: string;
}

export interface LetterDispatch {
  readonly eventId: EventId;
  readonly by: PersonId;
  readonly at: number;
  readonly mode: DispatchMode;
  readonly date: string;
  /** The tablet's number (letters.ts numbering), signed with the event. */
  readonly number: string;
  /** Whether the server's log has the dispatch (this device learnt its entry). */
  readonly logged: boolean;
  /** Its number in the office's running register, once the server gave one; else null. */
  readonly register: RegisterNumber | null;
}

export interface DraftLetter {
  /** The letterDrafted event's id. */
  readonly id: EventId;
  readonly template: LetterTemplate;
  /** Oldest first; the last is the current text. Never empty. */
  readonly versions: readonly LetterVersion[];
  readonly approval: LetterApproval | null;
  readonly dispatch: LetterDispatch | null;
}

export type DraftStage = 'awaitingApproval' | 'approved' | 'dispatched';

export function draftStage(d: DraftLetter): DraftStage {
  if (d.dispatch !== null) return 'dispatched';
  return d.approval === null ? 'awaitingApproval' : 'approved';
}

/** The draft's current version (its last). */
export function currentVersion(d: DraftLetter): LetterVersion {
  const v = d.versions[d.versions.length - 1];
  if (v === undefined) throw new Error('draft invariant: a draft always has a version');
  return v;
}

export const LETTER_HASH_PREFIX = 'patravali/letter/v1\n';

/**
 * The hash an approval names: SHA-256 (lowercase hex) of
 * "patravali/letter/v1\n" + JSON of [record, draft, to, subject, reference,
 * hindi, english]. The array's order is fixed, so every verifier hashes the
 * same bytes; the record and draft ids bind the text to this letter.
 */
export function letterHash(recordId: RecordId, draftId: EventId, c: LetterContent): string {
  const fields = [recordId, draftId, c.to, c.subject, c.reference, c.hindi, c.english];
  const bytes = new TextEncoder().encode(LETTER_HASH_PREFIX + JSON.stringify(fields));
  return bytesToHex(sha256(bytes));
}

export function letterContent(e: LetterContent): LetterContent {
  return {
    to: e.to,
    subject: e.subject,
    reference: e.reference,
    hindi: e.hindi,
    english: e.english,
  };
}

/** The fields of a version that differ from the one before it ("who changed what"). */
export function changedFields(
  before: LetterContent | undefined,
  after: LetterContent,
): (keyof LetterContent)[] {
  const keys: (keyof LetterContent)[] = ['to', 'subject', 'reference', 'hindi', 'english'];
  return before === undefined ? keys : keys.filter((k) => before[k] !== after[k]);
}

/**
 * What the printed letter and a verifier need of an approved letter: its
 * approved content, the hash the approval names, and the approval event's
 * signature fields (absent on an unsigned event). Null while not approved.
 */
export interface ApprovedLetter {
  readonly recordId: RecordId;
  readonly draftId: EventId;
  readonly content: LetterContent;
  readonly textHash: string;
  readonly approvedBy: PersonId;
  readonly approvedAt: number;
  readonly approvalEventId: EventId;
}

export function approvedLetter(recordId: RecordId, d: DraftLetter): ApprovedLetter | null {
  if (d.approval === null) return null;
  const version = d.versions.find((v) => v.eventId === d.approval?.version);
  if (version === undefined) return null;
  return {
    recordId,
    draftId: d.id,
    content: letterContent(version),
    textHash: d.approval.textHash,
    approvedBy: d.approval.by,
    approvedAt: d.approval.at,
    approvalEventId: d.approval.eventId,
  };
}

// ---- Who may approve -------------------------------------------------------

/** Roles that approve letters for an office unless the directory says otherwise. */
export const DEFAULT_APPROVER_ROLES: readonly Role[] = ['tehsildar', 'sdm', 'adm', 'dm', 'trainer'];

/** The roles that may approve letters of `office` (the directory's list, or the default). */
export function approverRoles(office: Pick<Office, 'approverRoles'> | undefined): readonly Role[] {
  return office?.approverRoles ?? DEFAULT_APPROVER_ROLES;
}

export function mayApprove(role: Role, office: Pick<Office, 'approverRoles'> | undefined): boolean {
  return approverRoles(office).includes(role);
}

// ---- Dispatch numbers --------------------------------------------------------

/**
 * `OFFICE/DSP/YEAR/DEVICE-SEQ(PART)`, e.g. `VKN/DSP/2026/3-5(II)`: unique within
 * the office without asking a server, like diary numbers (numbering.ts): the
 * device's number in the office and its own counter. Letters dispatched from one
 * file on one day by one device share the sequence and differ in the part, as
 * CSMOP para 42 numbers them (…/5(I)/…, …/5(II)/…); the first already carries
 * (I), so no number changes once shown.
 */
export const DISPATCH_HEAD = 'DSP';

export interface DispatchNumberParts {
  readonly officeCode: string;
  readonly year: number;
  readonly deviceNumber: number;
  readonly seq: number;
  /** 1 for (I), 2 for (II), … */
  readonly part: number;
}

export const MAX_DISPATCH_PARTS = 50;
/** A dispatch part's numeral: (I) to (L). */
export function toRoman(n: number): string {
  if (n > MAX_DISPATCH_PARTS) throw new RangeError(`${n}`);
  return romanNumeral(n);
}

export function dispatchSequenceKey(officeCode: string, year: number): string {
  return `${officeCode}/dispatch/${year}`;
}

export function formatDispatchNumber(p: DispatchNumberParts): string {
  if (!/^[A-Z]{1,8}$/.test(p.officeCode)) throw new RangeError(`bad office code: ${p.officeCode}`);
  for (const n of [p.deviceNumber, p.seq]) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`bad number: ${n}`);
  }
  return `${p.officeCode}/${DISPATCH_HEAD}/${p.year}/${p.deviceNumber}-${p.seq}(${toRoman(p.part)})`;
}

const DISPATCH_PATTERN = /^([A-Z]{1,8})\/DSP\/(\d{4})\/([1-9]\d{0,5})-([1-9]\d{0,8})\(([IVXL]+)\)$/;

export function parseDispatchNumber(s: string): Result<DispatchNumberParts, string> {
  const m = DISPATCH_PATTERN.exec(s);
  const part = m === null ? null : fromRoman(m[5] ?? '', MAX_DISPATCH_PARTS);
  if (m === null || part === null) return err(`not a dispatch number: ${s.slice(0, 40)}`);
  const [, officeCode = '', year = '', device = '', seq = ''] = m;
  return ok({
    officeCode,
    year: Number(year),
    deviceNumber: Number(device),
    seq: Number(seq),
    part,
  });
}

/**
 * The number for the next letter this device dispatches from a file on `date`:
 * the next part of the sequence it already used there that day (`used`: every
 * dispatch the file carries, taken or not), or null when a new sequence must be
 * taken from the device's counter.
 */
export function sameDayDispatch(
  used: readonly { readonly number: string; readonly date: string }[],
  at: { readonly officeCode: string; readonly deviceNumber: number; readonly date: string },
): DispatchNumberParts | null {
  let best: DispatchNumberParts | null = null;
  for (const d of used) {
    const p = d.date === at.date ? parseDispatchNumber(d.number) : null;
    if (p === null || !p.ok) continue;
    const v = p.value;
    if (v.officeCode !== at.officeCode || v.deviceNumber !== at.deviceNumber) continue;
    if (best === null || v.seq > best.seq || (v.seq === best.seq && v.part > best.part)) best = v;
  }
  return best === null || best.part >= MAX_DISPATCH_PARTS ? null : { ...best, part: best.part + 1 };
}

/** Whether the letter event names a draft (every one but the first). */
export function namesDraft(
  e: LetterEvent,
): e is Exclude<LetterEvent, { readonly type: 'letterDrafted' }> {
  return e.type !== 'letterDrafted';
}

/**
 * The dispatch number for the next letter from a file: the next part of this
 * device's number there that day, or part (I) of a new sequence `takeSeq` gives
 * (the device's counter for the office and year; called only when needed).
 */
export function nextDispatchNumber(
  used: readonly { readonly number: string; readonly date: string }[],
  at: { readonly officeCode: string; readonly deviceNumber: number; readonly date: string },
  takeSeq: () => number,
): string {
  const same = sameDayDispatch(used, at);
  if (same !== null) return formatDispatchNumber(same);
  const year = Number(at.date.slice(0, 4));
  return formatDispatchNumber({ ...at, year, seq: takeSeq(), part: 1 });
}
