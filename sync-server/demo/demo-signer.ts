import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { Directory } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { SyncSigner } from '@doc/seal.ts';
import { encodeB64url, keyIdOf } from '@doc/signature.ts';

/**
 * Device keys for the demo district's people, so the seeded records are signed
 * as a tablet signs its own (a class sees "Signed on the device", not "attested
 * by the server"). Each key is derived from the seed and the person's id, so
 * seeding twice gives the same keys and byte-identical records.
 */

export interface NodeSigner extends SyncSigner {
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 signer from a 32-byte private seed (node:crypto; signatures are deterministic). */
export function ed25519Signer(seed: Uint8Array): NodeSigner {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const publicKey = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  return {
    keyId: keyIdOf('Ed25519', publicKey),
    publicKey,
    sign: (bytes) => encodeB64url(new Uint8Array(sign(null, bytes, privateKey))),
  };
}

/** Every person's demo key, derived from `seed`. */
export function demoSigners(directory: Directory, seed: number): Map<PersonId, NodeSigner> {
  return new Map(
    directory.people.map((p) => {
      const secret = createHash('sha256').update(`patravali demo key\0${seed}\0${p.id}`).digest();
      return [p.id, ed25519Signer(new Uint8Array(secret))] as const;
    }),
  );
}
