import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import type { RecordId } from '@domain/ids.ts';
import {
  canonicalBytes,
  decodeB64url,
  PUBLIC_KEY_BYTES,
  SIG_CHARS,
  type Signable,
  type SignatureAlgorithm,
} from './signature.ts';

/**
 * The pure signature check (signature.ts says what is signed), with
 * @noble/curves: about 18 KB gzipped, so the device loads it only when it needs
 * it (verify-lazy.ts); the server, the export verifier and tests import it.
 */

/** True when `sig` is a valid signature of `message` under the raw public key. */
export function verifyBytes(
  algorithm: SignatureAlgorithm,
  publicKey: Uint8Array,
  message: Uint8Array,
  sig: Uint8Array,
): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES[algorithm] || sig.length !== 64) return false;
  try {
    return algorithm === 'Ed25519'
      ? ed25519.verify(sig, message, publicKey)
      : // WebCrypto makes r||s signatures and does not normalise s, so high-s is valid here.
        p256.verify(sig, message, publicKey, { lowS: false, prehash: true, format: 'compact' });
  } catch {
    return false;
  }
}

/** True when the item's `sig` verifies under the key for this record. */
export function verifyItem(
  recordId: RecordId,
  item: Signable,
  algorithm: SignatureAlgorithm,
  publicKey: Uint8Array,
): boolean {
  const sig = decodeB64url(item.sig, SIG_CHARS);
  return sig !== null && verifyBytes(algorithm, publicKey, canonicalBytes(recordId, item), sig);
}
