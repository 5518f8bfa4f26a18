import type { RecordEvent } from '@domain/events.ts';
import { tryParseHlc } from '@domain/hlc.ts';
import type { DeviceId, PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { RefusalReason } from '@domain/refusals.ts';
import { ancestorsOf, indexChain, type ChainIndex, type RecordItems } from './chain.ts';
import {
  canonicalBytes,
  decodeB64url,
  SIG_CHARS,
  type Signable,
  type SignatureAlgorithm,
  type VerifyBytes,
} from './signature.ts';

/**
 * Checks the device signatures and the chain of the items an update adds to a
 * record (DESIGN.md invariant 6). Pure and synchronous, so it runs inside
 * validateUpdate on the server, on a relay, on a device and in an offline
 * verifier; the signature primitive is injected (the server passes node:crypto,
 * which is faster; verify-bytes.ts is the pure one).
 */

/** A registered device key, as the directory lists it. */
export interface DeviceKey {
  readonly id: string;
  readonly person: PersonId;
  readonly device: DeviceId;
  readonly algorithm: SignatureAlgorithm;
  /** Raw public key: 32 bytes (Ed25519) or a 65-byte uncompressed P-256 point. */
  readonly publicKey: Uint8Array;
  /** When an administrator revoked it; null while valid. */
  readonly revokedAt: number | null;
}

export type { VerifyBytes } from './signature.ts';

export interface SignatureRules {
  readonly keyOf: (keyId: string) => DeviceKey | undefined;
  /**
   * Refuse items signed by a revoked key. The server does (a revoked key can
   * add nothing more); a device checking what it pulled does not, because the
   * server stored those before the revocation.
   */
  readonly refuseRevoked: boolean;
  /** Whether an unsigned item by this author may still be stored (see docs/ARCHITECTURE.md). */
  readonly unsignedOk: (author: PersonId, item: Signable) => boolean;
  readonly verify: VerifyBytes;
}

export interface SignatureRefusal {
  readonly reason: RefusalReason;
  readonly detail: string;
}

const refusal = (reason: RefusalReason, detail: string): SignatureRefusal => ({ reason, detail });

function authorOf(item: Signable): { who: PersonId; hlc: string } {
  return 'kind' in item
    ? { who: (item as RecordMeta).createdBy, hlc: item.createdAt }
    : { who: item.actor, hlc: item.hlc };
}

/** Key, device and signature of one item; null when they hold. */
function checkItem(
  items: RecordItems,
  item: Signable,
  rules: SignatureRules,
): SignatureRefusal | null {
  const { who, hlc } = authorOf(item);
  const name = 'kind' in item ? 'meta' : `event ${(item as RecordEvent).id}`;
  if (item.sig === undefined && item.key === undefined) {
    return rules.unsignedOk(who, item) ? null : refusal('unsigned', `${name} carries no signature`);
  }
  const key = item.key === undefined ? undefined : rules.keyOf(item.key);
  if (key === undefined || key.person !== who) {
    return refusal('keyUnknown', `${name}: key ${item.key ?? '-'} is not a key of ${who}`);
  }
  const node = tryParseHlc(hlc);
  if (!node.ok || node.value.node !== key.device) {
    return refusal('keyNotDevice', `${name}: made on another device than key ${key.id}`);
  }
  if (rules.refuseRevoked && key.revokedAt !== null) {
    return refusal('keyRevoked', `${name}: key ${key.id} was revoked`);
  }
  const sig = decodeB64url(item.sig, SIG_CHARS);
  if (
    sig === null ||
    !rules.verify(key.algorithm, key.publicKey, canonicalBytes(items.recordId, item), sig)
  ) {
    return refusal('signatureInvalid', `${name}: signature does not match`);
  }
  return null;
}

/** `prev` names items of this record, and the event descends from its key's earlier events. */
function checkLinks(
  chain: ChainIndex,
  items: RecordItems,
  index: number,
  event: RecordEvent,
): SignatureRefusal | null {
  if (event.sig === undefined) return null;
  if (event.prev === undefined) return refusal('chainBroken', `event ${event.id} has no prev`);
  const missing = event.prev.find((h) => !chain.indexOf.has(h));
  if (missing !== undefined) {
    return refusal('prevMissing', `event ${event.id}: prev ${missing} is not in this record`);
  }
  const ancestors = ancestorsOf(chain, index);
  for (let i = 1; i < index; i++) {
    const earlier = items.events[i - 1];
    if (earlier?.key === event.key && earlier?.sig !== undefined && !ancestors.has(i)) {
      return refusal('chainBroken', `event ${event.id} does not follow ${earlier.id} of its key`);
    }
  }
  return null;
}

/**
 * Checks the items that are new in `items`: meta when `metaIsNew`, and every
 * event whose id is in `newIds`. Returns the first refusal, or null.
 */
export function checkSignedItems(
  items: RecordItems,
  metaIsNew: boolean,
  newIds: ReadonlySet<string>,
  rules: SignatureRules,
): SignatureRefusal | null {
  if (metaIsNew) {
    const problem = checkItem(items, items.meta, rules);
    if (problem !== null) return problem;
  }
  let chain: ChainIndex | null = null;
  for (let i = 0; i < items.events.length; i++) {
    const event = items.events[i] as RecordEvent;
    if (!newIds.has(event.id)) continue;
    const problem = checkItem(items, event, rules);
    if (problem !== null) return problem;
    if (event.sig === undefined) continue;
    chain ??= indexChain(items);
    const link = checkLinks(chain, items, i + 1, event);
    if (link !== null) return link;
  }
  return null;
}
