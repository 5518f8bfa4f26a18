import { encodeB64url, keyIdOf, type SignatureAlgorithm } from '@doc/signature.ts';
import type { SigningKeyRegistration } from '@protocol/api.ts';
import { wrappingKey } from './author-key.ts';
import type { PatravaliDb, WrappedSigningKey } from '../db/db.ts';

/**
 * A person's device signing key (DESIGN.md invariant 6). Made with WebCrypto at
 * their first sign-in on this device: Ed25519 where the browser has it, ECDSA
 * P-256 otherwise. The private key is wrapped at once and only the wrapped form
 * is kept; it is unwrapped, non-extractable, at each sign-in.
 *
 * What is stored where:
 * - table `accounts`, field `signingKey`: the private key as PKCS#8 wrapped with
 *   AES-256-GCM under a key derived by PBKDF2-SHA-256 from the person's password
 *   (its own salt; the verifier's iteration count), with the algorithm, the raw
 *   public key and the key id. One per person on this device; a shared tablet
 *   holds several, each locked by its own password.
 * - kv `session`, field `signer`: the unwrapped CryptoKey (non-extractable, so
 *   its bytes can never be read back) while the person is signed in; it leaves
 *   with the session at sign-out.
 */

/** The signed-in person's key, ready to sign. */
export interface Signer {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  readonly privateKey: CryptoKey;
}

const SALT_BYTES = 16;
const IV_BYTES = 12;

const PARAMS: Readonly<Record<SignatureAlgorithm, EcKeyImportParams | Algorithm>> = {
  Ed25519: { name: 'Ed25519' },
  'P-256': { name: 'ECDSA', namedCurve: 'P-256' },
};

export function signParams(algorithm: SignatureAlgorithm): Algorithm | EcdsaParams {
  return algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
}

/** A fresh pair: Ed25519, or P-256 where the browser lacks Ed25519. */
async function generatePair(): Promise<{ algorithm: SignatureAlgorithm; pair: CryptoKeyPair }> {
  try {
    const pair = (await crypto.subtle.generateKey(PARAMS.Ed25519, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    return { algorithm: 'Ed25519', pair };
  } catch {
    const pair = await crypto.subtle.generateKey(PARAMS['P-256'] as EcKeyGenParams, true, [
      'sign',
      'verify',
    ]);
    return { algorithm: 'P-256', pair };
  }
}

/**
 * Makes a key for a person and wraps its private half at once with their
 * password; the extractable private key is not kept anywhere.
 */
export async function createSigningKey(
  password: string,
  iterations: number,
): Promise<{ readonly stored: WrappedSigningKey; readonly signer: Signer }> {
  const { algorithm, pair } = await generatePair();
  // Salt and IV must come from the platform CSPRNG, never an injected test source.
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const wrap = await wrappingKey(password, salt, iterations, ['wrapKey', 'unwrapKey']);
  const wrapped = await crypto.subtle.wrapKey('pkcs8', pair.privateKey, wrap, {
    name: 'AES-GCM',
    iv,
  });
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const stored: WrappedSigningKey = {
    algorithm,
    keyId: keyIdOf(algorithm, publicKey),
    publicKey,
    wrapped: new Uint8Array(wrapped),
    salt,
    iv,
    iterations,
  };
  // Unwrapped again as non-extractable, so the key in use can never be exported.
  const signer = await unwrapWith(wrap, stored);
  if (signer === null) throw new Error('a freshly wrapped signing key does not unwrap');
  return { stored, signer };
}

async function unwrapWith(wrap: CryptoKey, stored: WrappedSigningKey): Promise<Signer | null> {
  try {
    const privateKey = await crypto.subtle.unwrapKey(
      'pkcs8',
      new Uint8Array(stored.wrapped),
      wrap,
      { name: 'AES-GCM', iv: new Uint8Array(stored.iv) },
      PARAMS[stored.algorithm],
      false,
      ['sign'],
    );
    return { keyId: stored.keyId, algorithm: stored.algorithm, privateKey };
  } catch {
    return null;
  }
}

/** The non-extractable signing key, or null when the password does not open it. */
export async function unlockSigningKey(
  password: string,
  stored: WrappedSigningKey,
): Promise<Signer | null> {
  return unwrapWith(
    await wrappingKey(password, stored.salt, stored.iterations, ['wrapKey', 'unwrapKey']),
    stored,
  );
}

export async function signBytes(signer: Signer, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const sig = await crypto.subtle.sign(signParams(signer.algorithm), signer.privateKey, bytes);
  return encodeB64url(new Uint8Array(sig));
}

/** The device's make and model as the browser reports it (for the administrator's key list). */
export function deviceInfo(
  nav: Pick<Navigator, 'userAgent'> & { userAgentData?: unknown },
): string {
  const data = nav.userAgentData as
    | { platform?: string; mobile?: boolean; brands?: { brand: string; version: string }[] }
    | undefined;
  if (data?.platform) {
    const brands = (data.brands ?? []).map((b) => `${b.brand} ${b.version}`).join(', ');
    return `${data.platform}${data.mobile ? ' (mobile)' : ''}; ${brands}`.slice(0, 300);
  }
  return nav.userAgent.slice(0, 300);
}

export function registrationOf(key: WrappedSigningKey, info: string): SigningKeyRegistration {
  return {
    keyId: key.keyId,
    algorithm: key.algorithm,
    publicKey: encodeB64url(key.publicKey),
    deviceInfo: info,
  };
}

/** The person's wrapped key on this device, if one was made. */
export async function storedSigningKey(
  db: PatravaliDb,
  username: string,
): Promise<WrappedSigningKey | null> {
  return (await db.accounts.get(username))?.signingKey ?? null;
}

/** Keeps the wrapped key in the person's accounts row (after rememberAccount wrote it). */
export async function rememberSigningKey(
  db: PatravaliDb,
  username: string,
  key: WrappedSigningKey,
): Promise<void> {
  await db.accounts.update(username, { signingKey: key });
}
