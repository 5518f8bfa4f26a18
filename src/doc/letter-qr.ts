import type { LetterApprovedEvent } from '@domain/events.ts';
import { tryParseHlc } from '@domain/hlc.ts';
import type { DeviceId, EventId, PersonId, RecordId } from '@domain/ids.ts';
import { asRecordId, isUuid } from '@domain/ids.ts';
import { parseEvent } from '@domain/validate-event.ts';
import {
  canonicalBytes,
  decodeB64url,
  SIG_CHARS,
  stableJson,
  type VerifyBytes,
} from './signature.ts';
import type { DeviceKey } from './verify-signed.ts';

/**
 * The QR code on a printed letter (issue 16), and how anyone checks it offline.
 *
 * payload = "PATRAVALI-LETTER/1 " + stable JSON of { e: <the letterApproved
 *           event exactly as signed, sig included>, r: <record id> }
 *
 * The approval event is the thing its approver signed (signature.ts: the
 * event without `sig`, bound to its record), and it names the draft, the
 * version approved and that version's `textHash` (letters.ts letterHash). So
 * the code carries everything a verifier needs except the public key, which
 * it finds by the event's `key` among the directory's device keys: who approved
 * (`actor`, and the key must be theirs, on the device of the event's HLC),
 * what (`textHash`, draft, record) and when (the HLC's wall time). A changed
 * character anywhere in the payload fails the signature.
 *
 * About 600 characters: a version 20 code at medium error correction.
 */

export const LETTER_QR_PREFIX = 'PATRAVALI-LETTER/1 ';
/** Longer input is not a letter's code (an approval event is well under 1,000 characters). */
export const MAX_LETTER_QR_CHARS = 2_000;

export function letterQrPayload(recordId: RecordId, approval: LetterApprovedEvent): string {
  return LETTER_QR_PREFIX + stableJson({ e: approval, r: recordId });
}

export interface LetterSeal {
  readonly recordId: RecordId;
  readonly approval: LetterApprovedEvent;
}

/** Reads a payload strictly: the prefix, exactly { e, r }, a signed letterApproved event. */
export function parseLetterQr(
  text: string,
): { ok: true; seal: LetterSeal } | { ok: false; detail: string } {
  const bad = (detail: string) => ({ ok: false as const, detail });
  const t = text.trim();
  if (t.length > MAX_LETTER_QR_CHARS) return bad(`longer than ${MAX_LETTER_QR_CHARS} characters`);
  if (!t.startsWith(LETTER_QR_PREFIX)) return bad(`does not start with ${LETTER_QR_PREFIX.trim()}`);
  let body: unknown;
  try {
    body = JSON.parse(t.slice(LETTER_QR_PREFIX.length));
  } catch {
    return bad('not JSON after the prefix');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('not an object');
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'e,r') return bad('must hold exactly e and r');
  const { e, r } = body as { e: unknown; r: unknown };
  if (!isUuid(r)) return bad('r: not a record id');
  const event = parseEvent(e);
  if (!event.ok) return bad(event.error);
  if (event.value.type !== 'letterApproved') return bad('e: not a letter approval');
  if (event.value.sig === undefined || event.value.key === undefined) return bad('e: not signed');
  return { ok: true, seal: { recordId: asRecordId(r), approval: event.value } };
}

/** What a valid code says: who approved which letter text, when, with which key. */
export interface LetterApprovalFacts {
  readonly recordId: RecordId;
  readonly draftId: EventId;
  readonly versionId: EventId;
  readonly textHash: string;
  readonly approvedBy: PersonId;
  /** The approval's HLC wall time, ms. */
  readonly approvedAt: number;
  readonly clockVerified: boolean;
  readonly keyId: string;
  readonly device: DeviceId;
  /** When the key was revoked later; what it signed before stays valid. */
  readonly keyRevokedAt: number | null;
}

export const LETTER_QR_PROBLEMS = [
  /** Not a letter's code at all, or damaged so that it does not parse. */
  'malformed',
  /** The key it names is not among the directory's keys here. */
  'unknownKey',
  /** The key exists but belongs to someone else, or to another device than the event's. */
  'keyNotApprovers',
  /** The signature does not match: forged, or something in the code was changed. */
  'badSignature',
] as const;
export type LetterQrProblem = (typeof LETTER_QR_PROBLEMS)[number];

export type LetterQrVerdict =
  | { readonly ok: true; readonly facts: LetterApprovalFacts }
  | {
      readonly ok: false;
      readonly problem: LetterQrProblem;
      readonly detail: string;
      /** What the code claims, when it parsed: shown so a reader sees what failed. */
      readonly claimed: LetterSeal | null;
    };

export function verifyLetterQr(
  text: string,
  keyOf: (keyId: string) => DeviceKey | undefined,
  /** The signature primitive (verify-bytes.ts; the device loads it lazily, verify-lazy.ts). */
  verify: VerifyBytes,
): LetterQrVerdict {
  const parsed = parseLetterQr(text);
  if (!parsed.ok) return { ok: false, problem: 'malformed', detail: parsed.detail, claimed: null };
  const { seal } = parsed;
  const e = seal.approval;
  const fail = (problem: LetterQrProblem, detail: string): LetterQrVerdict => ({
    ok: false,
    problem,
    detail,
    claimed: seal,
  });
  const key = keyOf(e.key ?? '');
  if (key === undefined) return fail('unknownKey', `key ${e.key ?? '-'} is not in the directory`);
  const hlc = tryParseHlc(e.hlc);
  if (key.person !== e.actor || !hlc.ok || hlc.value.node !== key.device) {
    return fail('keyNotApprovers', `key ${key.id} is ${key.person}'s on device ${key.device}`);
  }
  const sig = decodeB64url(e.sig, SIG_CHARS);
  const bytes = canonicalBytes(seal.recordId, e);
  if (sig === null || !verify(key.algorithm, key.publicKey, bytes, sig))
    return fail('badSignature', `signature of ${e.id} does not verify under ${key.id}`);
  return {
    ok: true,
    facts: {
      recordId: seal.recordId,
      draftId: e.draft,
      versionId: e.version,
      textHash: e.textHash,
      approvedBy: e.actor,
      approvedAt: hlc.value.wallMs,
      clockVerified: e.clockVerified,
      keyId: key.id,
      device: key.device,
      keyRevokedAt: key.revokedAt,
    },
  };
}
