import type { VerifyBytes } from './signature.ts';

/**
 * The pure signature check, fetched the first time the device needs it (a sync
 * response's tree head, a signature WebCrypto cannot check, a record's proofs):
 * @noble/curves stays out of the app shell (issue 20), and the service worker
 * precaches its chunk, so it loads offline too.
 */
let loading: Promise<VerifyBytes> | null = null;

export function loadVerifyBytes(): Promise<VerifyBytes> {
  loading ??= import('./verify-bytes.ts').then((m) => m.verifyBytes);
  return loading;
}
