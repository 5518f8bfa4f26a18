import { randomBytes } from 'node:crypto';
import type { SyncSigner } from '@doc/seal.ts';
import { encodeB64url } from '@doc/signature.ts';
import type { SigningKeyRegistration } from '@protocol/api.ts';
import { ed25519Signer } from '../../../sync-server/demo/demo-signer.ts';

/**
 * A bench person's device key: Ed25519 from node:crypto, signing synchronously
 * so the generator stays synchronous (it seals with src/doc/seal.ts, as a tablet
 * does), so the server and the devices of the benchmark verify signed data as
 * they would in an office.
 */

export interface BenchSigner extends SyncSigner {
  readonly registration: SigningKeyRegistration;
}

export function createBenchSigner(): BenchSigner {
  const signer = ed25519Signer(new Uint8Array(randomBytes(32)));
  return {
    ...signer,
    registration: {
      keyId: signer.keyId,
      algorithm: 'Ed25519',
      publicKey: encodeB64url(signer.publicKey),
      deviceInfo: 'benchmark',
    },
  };
}
