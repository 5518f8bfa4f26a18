import { fromBase64UrlEncoded, toBase64UrlEncoded } from 'lib0/buffer';
import type { AccountRow, PatravaliDb } from '../db/db.ts';

/**
 * The signed-in person's author key on this device: the server issues it at
 * sign-in and the device attests that person's changes with it
 * (src/doc/attest.ts), so they are still accepted when someone else on the
 * same tablet is signed in by the time they are pushed.
 *
 * What is stored where:
 * - table `accounts`, field `authorKey`: the key sealed with AES-256-GCM under a
 *   key derived by PBKDF2-SHA-256 from the person's password (its own salt; the
 *   verifier's iteration count). Written after an online sign-in, opened at an
 *   offline sign-in; without the password it is unreadable.
 * - kv `session`, field `authorKey`: the plain key (base64url) while the person
 *   is signed in, beside their token; it leaves with the session at sign-out.
 */

/** Salt, IV, ciphertext and iteration count, as kept in the accounts row. */
export type SealedAuthorKey = NonNullable<AccountRow['authorKey']>;

export const AUTHOR_KEY_BYTES = 32;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const B64URL_32 = /^[A-Za-z0-9_-]{43}$/;

export function encodeAuthorKey(key: Uint8Array): string {
  return toBase64UrlEncoded(key);
}

/** The key from its base64url form; null unless it is exactly 32 bytes. */
export function decodeAuthorKey(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || !B64URL_32.test(text)) return null;
  const key = fromBase64UrlEncoded(text);
  return key.length === AUTHOR_KEY_BYTES ? key : null;
}

/** The key a session holds, or null (offline sign-in without a remembered key, older session). */
export function authorKeyOfSession(session: { readonly authorKey?: string }): Uint8Array | null {
  return decodeAuthorKey(session.authorKey);
}

/** An AES-256-GCM key derived from the password (PBKDF2-SHA-256), for sealing or key wrapping. */
export async function wrappingKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
  usages: KeyUsage[] = ['encrypt', 'decrypt'],
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
}

export async function sealAuthorKey(
  password: string,
  key: Uint8Array,
  iterations: number,
): Promise<SealedAuthorKey> {
  // Salt and IV must come from the platform CSPRNG, never an injected test source.
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const wrap = await wrappingKey(password, salt, iterations);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrap, new Uint8Array(key));
  return { salt, iv, sealed: new Uint8Array(sealed), iterations };
}

/** The key, or null when the password is wrong (the GCM tag does not verify). */
export async function openAuthorKey(
  password: string,
  sealed: SealedAuthorKey,
): Promise<Uint8Array | null> {
  const wrap = await wrappingKey(password, sealed.salt, sealed.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(sealed.iv) },
      wrap,
      new Uint8Array(sealed.sealed),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/** Seals the key into the person's accounts row (call after rememberAccount wrote it). */
export async function rememberAuthorKey(
  db: PatravaliDb,
  username: string,
  password: string,
  key: Uint8Array,
  iterations: number,
): Promise<void> {
  const authorKey = await sealAuthorKey(password, key, iterations);
  await db.accounts.update(username, { authorKey });
}

/** The person's remembered key opened with their password; null if none or the password is wrong. */
export async function openRememberedAuthorKey(
  db: PatravaliDb,
  username: string,
  password: string,
): Promise<Uint8Array | null> {
  const sealed = (await db.accounts.get(username))?.authorKey;
  return sealed === undefined ? null : openAuthorKey(password, sealed);
}
