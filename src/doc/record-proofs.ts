import type { RecordId } from '@domain/ids.ts';
import type { RecordItems } from './chain.ts';
import { logLeafHash } from './log-leaf.ts';
import { HASH_BYTES, verifyInclusion, type Hash } from './merkle.ts';
import {
  decodeB64url,
  encodeB64url,
  HASH_CHARS,
  itemHash,
  SIG_CHARS,
  type VerifyBytes,
} from './signature.ts';
import { verifyTreeHead, type SignedTreeHead } from './tree-head.ts';

/**
 * Inclusion proofs of a record's items in the server's Merkle log (RFC 6962,
 * merkle.ts): "leaf `leaf` of the log whose signed head is `head` is this
 * item, with these exact bytes". The server answers them for a record in the
 * reader's scope (GET /api/records/:id/proofs); a device checks and keeps them,
 * and an export carries them, so anyone can check offline that the server had
 * logged each item as it reads now. The JSON form here is both the wire form
 * and the export's (docs/decisions/0004-export.md).
 */

export interface ItemProof {
  /** The log entry's id: the event id, or the record id for its meta (creation). */
  readonly eventId: string;
  readonly leaf: number;
  readonly path: readonly Hash[];
}

export interface RecordProofs {
  readonly recordId: RecordId;
  readonly head: SignedTreeHead;
  readonly items: readonly ItemProof[];
}

export interface TreeHeadJson {
  readonly size: number;
  readonly root: string;
  readonly time: number;
  readonly sig: string;
}

export interface RecordProofsJson {
  readonly recordId: string;
  readonly head: TreeHeadJson;
  readonly items: readonly { eventId: string; leaf: number; path: readonly string[] }[];
}

export const headToJson = (h: SignedTreeHead): TreeHeadJson => ({
  size: h.size,
  root: encodeB64url(h.root),
  time: h.time,
  sig: encodeB64url(h.sig),
});

export const proofsToJson = (p: RecordProofs): RecordProofsJson => ({
  recordId: p.recordId,
  head: headToJson(p.head),
  items: p.items.map((i) => ({
    eventId: i.eventId,
    leaf: i.leaf,
    path: i.path.map(encodeB64url),
  })),
});

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
/** A log's depth never passes 64 (sizes are below 2^53). */
const MAX_PATH = 64;
const MAX_ID_CHARS = 64;

export function headFromJson(x: unknown): SignedTreeHead | null {
  if (!isRecord(x) || !isCount(x.size) || !isCount(x.time)) return null;
  const root = decodeB64url(x.root, HASH_CHARS);
  const sig = decodeB64url(x.sig, SIG_CHARS);
  if (root === null || sig === null) return null;
  return { size: x.size, root, time: x.time, sig };
}

/** Strict reading of the JSON form; null when anything is out of shape. */
export function proofsFromJson(x: unknown): RecordProofs | null {
  if (!isRecord(x) || typeof x.recordId !== 'string' || !Array.isArray(x.items)) return null;
  const head = headFromJson(x.head);
  if (head === null) return null;
  const items: ItemProof[] = [];
  for (const i of x.items as unknown[]) {
    if (!isRecord(i) || typeof i.eventId !== 'string' || i.eventId.length > MAX_ID_CHARS)
      return null;
    if (!isCount(i.leaf) || !Array.isArray(i.path) || i.path.length > MAX_PATH) return null;
    const path = (i.path as unknown[]).map((h) => decodeB64url(h, HASH_CHARS));
    if (path.some((h) => h === null || h.length !== HASH_BYTES)) return null;
    items.push({ eventId: i.eventId, leaf: i.leaf, path: path as Hash[] });
  }
  return { recordId: x.recordId as RecordId, head, items };
}

/** What checking a record's proofs found about one item, or about the head. */
export type ProofProblem =
  /** The proofs are not in the documented shape. */
  | 'malformed'
  /** The head is not signed by the server's log key (or is out of shape). */
  | 'headSignature'
  /** The proofs are for another record. */
  | 'otherRecord'
  /** The item has no proof: the server had not logged it when the proofs were fetched. */
  | 'notLogged'
  /** The proof does not put this item, with these bytes, in the log under the head. */
  | 'inclusionFailed';

export interface ProofFinding {
  readonly problem: ProofProblem;
  /** The item's log entry id ('' for the head). */
  readonly eventId: string;
  readonly detail: string;
}

/**
 * Checks every item of the record against its proof: each item's leaf (from its
 * item hash, signature included) must be in the log under the signed head.
 * Returns the findings, none when every item is proven. `verify` checks the
 * head's signature (verify-bytes.ts, or verify-lazy.ts on the device).
 */
export function checkRecordProofs(
  items: RecordItems,
  proofs: RecordProofs,
  logKey: Uint8Array,
  verify: VerifyBytes,
): ProofFinding[] {
  const recordId = items.recordId;
  if (proofs.recordId !== recordId) {
    return [{ problem: 'otherRecord', eventId: '', detail: `proofs are for ${proofs.recordId}` }];
  }
  if (!verifyTreeHead(proofs.head, logKey, verify)) {
    return [
      {
        problem: 'headSignature',
        eventId: '',
        detail: 'the tree head is not signed by the log key',
      },
    ];
  }
  const byId = new Map(proofs.items.map((p) => [p.eventId, p]));
  const all = [
    { id: items.meta.id as string, name: 'meta', hash: itemHash(recordId, items.meta) },
    ...items.events.map((e) => ({
      id: e.id as string,
      name: `event ${e.id}`,
      hash: itemHash(recordId, e),
    })),
  ];
  const findings: ProofFinding[] = [];
  for (const item of all) {
    const proof = byId.get(item.id);
    if (proof === undefined) {
      findings.push({
        problem: 'notLogged',
        eventId: item.id,
        detail: `${item.name}: no inclusion proof`,
      });
      continue;
    }
    const leaf = logLeafHash(recordId, item.id, item.hash);
    if (!verifyInclusion(proof.leaf, proofs.head.size, leaf, proof.path, proofs.head.root)) {
      findings.push({
        problem: 'inclusionFailed',
        eventId: item.id,
        detail: `${item.name}: not in the log under the tree head (leaf ${proof.leaf} of ${proofs.head.size})`,
      });
    }
  }
  return findings;
}
