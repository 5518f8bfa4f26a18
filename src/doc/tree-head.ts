import { HASH_BYTES } from './merkle.ts';
import { encodeB64url, type VerifyBytes } from './signature.ts';

/**
 * The server's signed tree head: "my Merkle log (merkle.ts) had `size` leaves
 * with root `root` at `time`", signed with the server's own Ed25519 key. The
 * signed bytes are
 *
 *   "patravali/tree-head/v1\n" + size + "\n" + base64url(root) + "\n" + time
 *
 * (decimal integers; time in ms since the epoch). Devices keep the last head
 * they verified and check that every newer one extends it (consistency proof);
 * a future offline verifier checks an export's inclusion proofs against one.
 */

export interface TreeHead {
  readonly size: number;
  readonly root: Uint8Array;
  readonly time: number;
}

export interface SignedTreeHead extends TreeHead {
  /** Ed25519 signature (64 bytes) over treeHeadBytes. */
  readonly sig: Uint8Array;
}

/** Bytes of an Ed25519 public key, as devices receive the server's (base64url). */
export const LOG_KEY_BYTES = 32;

export function treeHeadBytes(head: TreeHead): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `patravali/tree-head/v1\n${head.size}\n${encodeB64url(head.root)}\n${head.time}`,
  );
}

/** True when the head is well formed and signed by the server's key (checked by `verify`). */
export function verifyTreeHead(
  head: SignedTreeHead,
  logKey: Uint8Array,
  verify: VerifyBytes,
): boolean {
  const wellFormed =
    Number.isSafeInteger(head.size) &&
    head.size >= 0 &&
    Number.isSafeInteger(head.time) &&
    head.root.length === HASH_BYTES;
  return wellFormed && verify('Ed25519', logKey, treeHeadBytes(head), head.sig);
}
