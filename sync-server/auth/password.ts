import { scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt. The encoded form carries its own parameters
 * and salt, so the cost can be raised later without breaking old hashes:
 *   scrypt$<logN>$<r>$<p>$<salt base64url>$<hash base64url>
 */

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const BLOCK_SIZE = 8;
const PARALLEL = 1;

export interface ScryptParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Uint8Array;
  readonly hash: Uint8Array;
}

function derive(
  password: string,
  salt: Uint8Array,
  logN: number,
  r: number,
  p: number,
): Promise<Uint8Array> {
  const N = 2 ** logN;
  // Node refuses scrypt when 128·N·r exceeds maxmem (32 MiB default); allow what the params need.
  const maxmem = 128 * N * r * 2 + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
    });
  });
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

export async function hashPassword(
  password: string,
  logN: number,
  randomBytes: (n: number) => Uint8Array,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, logN, BLOCK_SIZE, PARALLEL);
  return ['scrypt', logN, BLOCK_SIZE, PARALLEL, b64(salt), b64(hash)].join('$');
}

/** Parses an encoded hash; null when it is not one this server can verify. */
export function parsePasswordHash(encoded: string): ScryptParams | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, logN, r, p, salt, hash] = parts;
  const nums = [Number(logN), Number(r), Number(p)];
  if (!nums.every((n) => Number.isInteger(n) && n > 0)) return null;
  const [n0, n1, n2] = nums as [number, number, number];
  if (n0 < 10 || n0 > 22 || n1 > 32 || n2 > 16) return null;
  const saltBytes = Buffer.from(salt ?? '', 'base64url');
  const hashBytes = Buffer.from(hash ?? '', 'base64url');
  if (saltBytes.length < 8 || hashBytes.length !== KEY_BYTES) return null;
  return { logN: n0, r: n1, p: n2, salt: saltBytes, hash: hashBytes };
}

/** Constant-time check of a password against an encoded hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const params = parsePasswordHash(encoded);
  if (params === null) return false;
  const candidate = await derive(password, params.salt, params.logN, params.r, params.p);
  return timingSafeEqual(candidate, params.hash);
}
