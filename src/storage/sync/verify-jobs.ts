import type { SignatureJob } from '@doc/check-pulled.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';

/**
 * Verifies the signatures of a page of pulled updates. WebCrypto where the
 * browser has the algorithm (native: ~0.06 ms per Ed25519 signature, against
 * ~2 ms in pure JavaScript, which would add half a minute to a 2,000-record
 * join); @noble/curves where it has not (Ed25519 on older Android Chrome),
 * fetched then (@doc/verify-lazy.ts): it is not in the app shell.
 * Imported public keys are kept per key for the life of the verifier.
 */

export type JobVerifier = (jobs: readonly SignatureJob[]) => Promise<boolean[]>;

const PARAMS = {
  Ed25519: { name: 'Ed25519' },
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
} as const;
const VERIFY = {
  Ed25519: { name: 'Ed25519' },
  'P-256': { name: 'ECDSA', hash: 'SHA-256' },
} as const;

const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

/** `subtle` null: the pure verifier only (and in tests, to check it gives the same answers). */
export function createJobVerifier(
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): JobVerifier {
  const imported = new Map<string, Promise<CryptoKey | null>>();
  const keyFor = (job: SignatureJob): Promise<CryptoKey | null> => {
    const id = `${job.algorithm}:${String.fromCharCode(...job.publicKey)}`;
    let key = imported.get(id);
    if (key === undefined) {
      key =
        subtle === null
          ? Promise.resolve(null)
          : subtle
              .importKey('raw', bytes(job.publicKey), PARAMS[job.algorithm], false, ['verify'])
              // Not supported here (or not a valid point: then the pure check says false too).
              .catch(() => null);
      imported.set(id, key);
    }
    return key;
  };
  const pure = async (job: SignatureJob): Promise<boolean> =>
    (await loadVerifyBytes())(job.algorithm, job.publicKey, job.message, job.sig);
  const one = async (job: SignatureJob): Promise<boolean> => {
    const key = await keyFor(job);
    if (key === null || subtle === null || job.sig.length !== 64) return pure(job);
    return subtle
      .verify(VERIFY[job.algorithm], key, bytes(job.sig), bytes(job.message))
      .catch(() => pure(job));
  };
  return (jobs) => Promise.all(jobs.map(one));
}
