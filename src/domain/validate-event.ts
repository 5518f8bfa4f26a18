import type { RecordEvent } from './events.ts';
import {
  ATTACHMENT_MIMES,
  DISPATCH_MODES,
  EVENT_TYPES,
  GRADES,
  LETTER_TEMPLATES,
  LIMITS,
  PRIORITIES,
  RECEIPT_MODES,
} from './events.ts';
import { parseDispatchNumber } from './letters.ts';
import { isIsoDate } from './calendar.ts';
import { hlcWallMs, isHlc } from './hlc.ts';
import { isRetentionCategory, retentionProblem } from './retention.ts';
import { isUuid } from './ids.ts';
import type { RecordMeta } from './record.ts';
import { CATEGORIES, META_KINDS } from './record.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/**
 * Strict schema checks for events and meta arriving from anywhere (another
 * device, the server, an old store). Hand-written and table-driven: the shapes
 * are flat, so a dozen field kinds cover them and no validator library is
 * needed in the pure layers. Extra keys are refused so nothing unvalidated
 * rides along inside the official record.
 */

// Where a real calendar date is checked; kept importable from here too.
export { isIsoDate } from './calendar.ts';

type FieldCheck = (v: unknown) => string | null;

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const OFFICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const isPersonId = (v: unknown): v is string => typeof v === 'string' && PERSON_ID.test(v);

const uuid: FieldCheck = (v) => (isUuid(v) ? null : 'must be a lowercase UUID');
const person: FieldCheck = (v) => (isPersonId(v) ? null : 'must be a username');
const office: FieldCheck = (v) =>
  typeof v === 'string' && OFFICE_ID.test(v) ? null : 'must be an office id';
const hlc: FieldCheck = (v) => (isHlc(v) ? null : 'must be an HLC timestamp');
const bool: FieldCheck = (v) => (typeof v === 'boolean' ? null : 'must be a boolean');
const time: FieldCheck = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : 'must be a time in ms';
const date: FieldCheck = (v) => (isIsoDate(v) ? null : 'must be a date YYYY-MM-DD');
const dateOrNull: FieldCheck = (v) => (v === null ? null : date(v));
const basis: FieldCheck = (v) => (v === null ? null : uuid(v));
const oneOf =
  (values: readonly string[]): FieldCheck =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;
/** Text up to `max` characters; `required` text must have something besides spaces. */
const text =
  (max: number, required: boolean): FieldCheck =>
  (v) => {
    if (typeof v !== 'string') return 'must be text';
    if (v.length > max) return `must be at most ${max} characters`;
    if (required && v.trim().length === 0) return 'must not be empty';
    return null;
  };

const SHA256_HEX = /^[0-9a-f]{64}$/;
const sha256: FieldCheck = (v) =>
  typeof v === 'string' && SHA256_HEX.test(v) ? null : 'must be a SHA-256 in lowercase hex';
const count =
  (min: number, max: number): FieldCheck =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max
      ? null
      : `must be a whole number from ${min} to ${max}`;
const pixels: FieldCheck = (v) => (v === null ? null : count(1, LIMITS.attachmentPixels)(v));

type Schema = Readonly<Record<string, FieldCheck>>;

const BASE: Schema = { id: uuid, actor: person, hlc, deviceTime: time, clockVerified: bool };
const MOVE: Schema = { ...BASE, basis };
const short = text(LIMITS.shortFieldChars, true);
const remarks = text(LIMITS.remarksChars, false);

/** A letter's content, whole in every version (events.ts LetterContent). */
const LETTER: Schema = {
  to: text(LIMITS.addresseeChars, true),
  subject: text(LIMITS.subjectChars, true),
  reference: (v) => (v === null ? null : uuid(v)),
  hindi: text(LIMITS.letterChars, true),
  english: text(LIMITS.letterChars, false),
};
const dispatchNumber: FieldCheck = (v) =>
  typeof v === 'string' && parseDispatchNumber(v).ok ? null : 'must be a dispatch number';

const EVENT_SCHEMAS: Readonly<Record<RecordEvent['type'], Schema>> = {
  noting: { ...BASE, text: text(LIMITS.notingChars, true) },
  sent: { ...MOVE, to: person, remarks, dueDate: dateOrNull, priority: oneOf(PRIORITIES) },
  opened: MOVE,
  pulledBack: MOVE,
  parked: { ...MOVE, remarks },
  closed: { ...MOVE, remarks },
  reopened: MOVE,
  diarised: {
    ...BASE,
    from: short,
    letterNumber: short,
    letterDate: date,
    mode: oneOf(RECEIPT_MODES),
  },
  putInFile: { ...MOVE, fileId: uuid, fileNumber: short },
  receiptAttached: {
    ...BASE,
    receiptId: uuid,
    diaryNumber: short,
    subject: text(LIMITS.subjectChars, true),
  },
  conflictDismissed: {
    ...BASE,
    conflict: uuid,
    reason: text(LIMITS.dismissReasonChars, true),
  },
  conflictResubmitted: {
    ...BASE,
    conflict: uuid,
    noting: uuid,
  },
  attachmentAdded: {
    ...BASE,
    sha256,
    mime: oneOf(ATTACHMENT_MIMES),
    bytes: count(1, LIMITS.attachmentBytes),
    pages: count(1, LIMITS.attachmentPages),
    name: short,
    width: pixels,
    height: pixels,
  },
  letterDrafted: { ...BASE, ...LETTER, template: oneOf(LETTER_TEMPLATES) },
  letterRevised: { ...BASE, ...LETTER, draft: uuid },
  letterApproved: { ...BASE, draft: uuid, version: uuid, textHash: sha256 },
  letterDispatched: {
    ...BASE,
    draft: uuid,
    mode: oneOf(DISPATCH_MODES),
    date,
    number: dispatchNumber,
  },
  gradeChanged: { ...BASE, grade: oneOf(GRADES) },
  accessGranted: { ...BASE, person },
  copySeen: BASE,
  copyWithdrawn: { ...BASE, person },
  fileUnlinked: { ...BASE, file: uuid },
  receiptCopied: { ...BASE, copy: uuid, number: short, to: person },
  copiedFrom: {
    ...BASE,
    receipt: uuid,
    number: short,
    from: short,
    letterNumber: short,
    letterDate: date,
    mode: oneOf(RECEIPT_MODES),
  },
  fileLinked: { ...BASE, file: uuid, number: short, subject: text(LIMITS.subjectChars, true) },
  fileAttached: { ...BASE, file: uuid, number: short, subject: text(LIMITS.subjectChars, true) },
  fileDetached: { ...BASE, file: uuid },
  attachedUnder: { ...BASE, file: uuid, number: short },
  volumeClosed: { ...MOVE, volume: count(1, LIMITS.volumes) },
  detachedFrom: { ...BASE, file: uuid },
  // Saved groups of recipients (groups.ts): whether the people are known is the server's question.
  groupNamed: { ...BASE, name: text(LIMITS.groupNameChars, true) },
  groupMembersSet: {
    ...BASE,
    members: (v) =>
      Array.isArray(v) &&
      v.length >= 1 &&
      v.length <= LIMITS.groupMembers &&
      v.every(isPersonId) &&
      new Set(v).size === v.length
        ? null
        : `must be 1..${LIMITS.groupMembers} distinct usernames`,
  },
  groupDeleted: BASE,
};

const META_SCHEMA: Schema = {
  schemaVersion: (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? null : 'must be a version ≥ 1',
  kind: oneOf(META_KINDS),
  id: uuid,
  number: short,
  subject: text(LIMITS.subjectChars, true),
  category: oneOf(CATEGORIES),
  office,
  createdBy: person,
  createdAt: hlc,
  createdDeviceTime: time,
  clockVerified: bool,
};

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Fields any event or meta may carry or leave out (absent on data from before they existed). */
const OPTIONAL: Schema = {
  attest: (v) =>
    typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v) ? null : 'must be a base64url HMAC',
  // Device signatures (src/doc/signature.ts): hashes are 32 bytes, key ids 16, signatures 64.
  prev: (v) =>
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= LIMITS.prevHashes &&
    v.every(
      (h, i) => typeof h === 'string' && /^[A-Za-z0-9_-]{43}$/.test(h) && (i === 0 || v[i - 1] < h),
    )
      ? null
      : `must be 1..${LIMITS.prevHashes} sorted, distinct base64url hashes`,
  key: (v) => (typeof v === 'string' && /^[A-Za-z0-9_-]{22}$/.test(v) ? null : 'must be a key id'),
  sig: (v) =>
    typeof v === 'string' && /^[A-Za-z0-9_-]{86}$/.test(v) ? null : 'must be a base64url signature',
};

/** Fields an event of one type may carry or leave out (absent on events made before them). */
const EVENT_OPTIONAL: Partial<Readonly<Record<RecordEvent['type'], Schema>>> = {
  // Retention at closing (retention.ts): both or neither, judged together in parseEvent.
  closed: {
    retention: (v) =>
      isRetentionCategory(v) ? null : 'must be a retention category: A, B, C-1 … C-10',
    reviewDate: date,
    // The closure approver (closure.ts); whether they are an officer is the server's question.
    approvedBy: person,
  },
  // Remove link from the linked file's side (file-links.ts); absent from the linking side's.
  fileUnlinked: { fromLinked: (v) => (v === true ? null : 'must be true') },
  // Copy to (copies.ts): distinct people, neither the sender nor the recipient (sentProblem).
  sent: {
    copyTo: (v) =>
      Array.isArray(v) &&
      v.length >= 1 &&
      v.length <= LIMITS.copyRecipients &&
      v.every(isPersonId) &&
      new Set(v).size === v.length
        ? null
        : `must be 1..${LIMITS.copyRecipients} distinct usernames`,
    // The main file an attached file's send goes with (file-attach.ts).
    withFile: uuid,
  },
};

function checkSchema(
  x: Record<string, unknown>,
  schema: Schema,
  what: string,
  optional: Schema = OPTIONAL,
): string | null {
  for (const key of Object.keys(x)) {
    if (!Object.hasOwn(schema, key) && !Object.hasOwn(optional, key))
      return `${what}: unexpected field "${key.slice(0, 40)}"`;
  }
  for (const [key, check] of Object.entries(optional)) {
    const problem = Object.hasOwn(x, key) ? check(x[key]) : null;
    if (problem !== null) return `${what}: "${key}" ${problem}`;
  }
  for (const [key, check] of Object.entries(schema)) {
    if (!Object.hasOwn(x, key)) return `${what}: missing field "${key}"`;
    const problem = check(x[key]);
    if (problem !== null) return `${what}: "${key}" ${problem}`;
  }
  return null;
}

export function parseEvent(x: unknown): Result<RecordEvent, string> {
  if (!isPlainObject(x)) return err('event: not a plain object');
  const type = x['type'];
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    return err('event: unknown type');
  }
  const { type: _type, ...rest } = x;
  const known = type as RecordEvent['type'];
  const optional = { ...OPTIONAL, ...EVENT_OPTIONAL[known] };
  const problem =
    checkSchema(rest, EVENT_SCHEMAS[known], `${type} event`, optional) ??
    (known === 'closed' ? closedProblem(rest) : null) ??
    (known === 'sent' ? sentProblem(rest) : null);
  // Checked field by field against the schema for this type just above.
  return problem === null ? ok(x as unknown as RecordEvent) : err(problem);
}

/** A close's retention fields judged together, against the close's own date. */
function closedProblem(x: Record<string, unknown>): string | null {
  const problem = retentionProblem(x, hlcWallMs(x['hlc'] as string));
  return problem === null ? null : `closed event: ${problem}`;
}

/** A copy goes to someone other than the sender and the recipient (who holds the file itself). */
function sentProblem(x: Record<string, unknown>): string | null {
  const copyTo = x['copyTo'];
  if (!Array.isArray(copyTo)) return null;
  return copyTo.includes(x['to']) || copyTo.includes(x['actor'])
    ? 'sent event: "copyTo" must not name the sender or the recipient'
    : null;
}

export function parseMeta(x: unknown): Result<RecordMeta, string> {
  if (!isPlainObject(x)) return err('meta: not a plain object');
  if (Object.hasOwn(x, 'prev')) return err('meta: "prev" not allowed (meta is the first item)');
  const problem = checkSchema(x, META_SCHEMA, 'meta');
  return problem === null ? ok(x as unknown as RecordMeta) : err(problem);
}
