import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from '../../../sync-server/auth/password.ts';
import { bearerToken, hashToken, newToken } from '../../../sync-server/auth/tokens.ts';

const seeded = (seed: number) => (n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff);

describe('password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('डेमो-पासवर्ड 1', 10, seeded(1));
    expect(hash.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('डेमो-पासवर्ड 1', hash)).toBe(true);
    expect(await verifyPassword('डेमो-पासवर्ड 2', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts: the same password gives different hashes', async () => {
    expect(await hashPassword('demo1234', 10, seeded(1))).not.toBe(
      await hashPassword('demo1234', 10, seeded(2)),
    );
  });

  it('refuses malformed or absurd hashes without throwing', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$10$8$1$c2FsdA$aGFzaA',
      'scrypt$40$8$1$AAAAAAAAAAA$' + 'A'.repeat(43),
    ]) {
      expect(parsePasswordHash(bad)).toBeNull();
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

describe('tokens', () => {
  it('are random, hashed with SHA-256 and read from a Bearer header', () => {
    const token = newToken(seeded(3));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`Basic ${token}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
