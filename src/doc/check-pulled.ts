import type * as Y from 'yjs';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { RefusalReason } from '@domain/refusals.ts';
import { err, ok, type Result } from '@domain/result.ts';
import type { Signable, SignatureAlgorithm } from './signature.ts';
import { validateInto } from './validate-update.ts';
import type { DeviceKey } from './verify-signed.ts';

/**
 * What a device checks in each update it pulls before storing it (issue 14:
 * devices verify what they pull too, not only the server). The same pure
 * checks the server runs on a push (validate-update.ts, verify-signed.ts):
 * structure, append-only events and meta, signatures against the directory's
 * device keys, chain links. An unsigned item (from before device keys, taken
 * by the server on its HMAC author key or its author's session) is accepted
 * and listed as attested by the server.
 *
 * Signatures are not verified here: each one becomes a SignatureJob, and the
 * device verifies a whole page's jobs at once with WebCrypto (fast, native,
 * but asynchronous). Until then every check here runs as if they held.
 */

/** Why a pulled update was not stored, in the words the person sees. */
export const PULL_PROBLEMS = [
  /** A signature is not a signature of its item's device (unreadable, wrong device, missing). */
  'badSignature',
  /** The words do not match their signature, or the update rewrites what is held. */
  'alteredBytes',
  /** Signed with a key the directory does not list for its author. */
  'unknownKey',
  /** An event does not follow what its author had seen (reordered, dropped, or copied in). */
  'brokenChain',
  /** Not a well-formed record update. */
  'malformed',
] as const;
export type PullProblem = (typeof PULL_PROBLEMS)[number];

export function isPullProblem(x: unknown): x is PullProblem {
  return (PULL_PROBLEMS as readonly unknown[]).includes(x);
}

/** The person's name for a validator's refusal of a pulled update. */
export function pullProblemOf(reason: RefusalReason): PullProblem {
  switch (reason) {
    case 'signatureInvalid':
    case 'keyNotDevice':
    case 'unsigned':
      return 'badSignature';
    case 'eventsDeleted':
    case 'metaChanged':
    case 'eventDuplicated':
      return 'alteredBytes';
    case 'keyUnknown':
    case 'keyRevoked':
      return 'unknownKey';
    case 'chainBroken':
    case 'prevMissing':
      return 'brokenChain';
    default:
      return 'malformed';
  }
}

/** One signature still to verify. */
export interface SignatureJob {
  readonly algorithm: SignatureAlgorithm;
  readonly publicKey: Uint8Array;
  /** The canonical bytes (signature.ts). */
  readonly message: Uint8Array;
  readonly sig: Uint8Array;
}

export interface PulledOk {
  /** Ids of the unsigned items this update added ('meta' for the record's meta). */
  readonly attested: readonly string[];
  readonly jobs: readonly SignatureJob[];
}

export interface PulledRefusal {
  readonly problem: PullProblem;
  readonly reason: RefusalReason;
  readonly detail: string;
}

/**
 * Applies a pulled `update` to `doc` (the record as this device holds it) and
 * checks it. On a refusal `doc` holds refused content and must be dropped.
 */
export function checkPulled(
  doc: Y.Doc,
  recordId: RecordId,
  update: Uint8Array,
  keyOf: (keyId: string) => DeviceKey | undefined,
): Result<PulledOk, PulledRefusal> {
  const attested: string[] = [];
  const jobs: SignatureJob[] = [];
  const result = validateInto(doc, update, {
    pulled: true,
    recordId,
    signatures: {
      keyOf,
      // What a key signed before its revocation stays valid, and the server stored it then.
      refuseRevoked: false,
      unsignedOk: (_who, item: Signable) => {
        attested.push('kind' in item ? 'meta' : (item as RecordEvent).id);
        return true;
      },
      verify: (algorithm, publicKey, message, sig) => {
        jobs.push({ algorithm, publicKey, message, sig });
        return true;
      },
    },
  });
  if (!result.ok) {
    const { reason, detail } = result.error;
    return err({ problem: pullProblemOf(reason), reason, detail });
  }
  return ok({ attested, jobs });
}

/**
 * The items of a record no device key signs (meta as 'meta', events by id):
 * they stand on the server's word (its HMAC author keys or its author's own
 * session, from before device keys), for an "attested by the server" label.
 * Derived, not stored: everything a device stores passed checkPulled.
 */
export function attestedByServer(items: {
  readonly meta: RecordMeta;
  readonly events: readonly RecordEvent[];
}): string[] {
  return [
    ...(items.meta.sig === undefined ? ['meta'] : []),
    ...items.events.filter((e) => e.sig === undefined).map((e) => e.id),
  ];
}

/** The item a failed job signed, for the detail shown (its canonical bytes name it). */
export function itemOfJob(job: SignatureJob): string {
  const text = new TextDecoder().decode(job.message);
  try {
    const body = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { item?: { id?: unknown } };
    return text.startsWith('patravali/meta/') ? 'meta' : `event ${String(body.item?.id)}`;
  } catch {
    return 'an item';
  }
}
