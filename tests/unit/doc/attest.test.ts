import { describe, expect, it } from 'vitest';
import {
  attestEvent,
  attestMeta,
  canonicalEventBytes,
  hmacSha256,
  verifyAttest,
} from '@doc/attest.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';
import { CLERK, T0, meta, note, send, TEHSILDAR } from '../domain/builders.ts';

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const OTHER_KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 2);

describe('hmacSha256 (RFC 4231 test vectors)', () => {
  const vectors: [string, Uint8Array, Uint8Array, string][] = [
    [
      'case 1',
      filled(20, 0x0b),
      bytes('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      'case 2 (short key)',
      bytes('Jefe'),
      bytes('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      'case 3',
      filled(20, 0xaa),
      filled(50, 0xdd),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    ],
    [
      'case 4',
      Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      filled(50, 0xcd),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      'case 6 (key longer than a block)',
      filled(131, 0xaa),
      bytes('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'case 7 (long key and data)',
      filled(131, 0xaa),
      bytes(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ];
  it.each(vectors)('%s', (_name, key, msg, expected) => {
    expect(hex(hmacSha256(key, msg))).toBe(expected);
  });
});

describe('canonical bytes', () => {
  it('do not depend on key order and leave out attest', () => {
    const e = note(1, CLERK, T0);
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    expect(canonicalEventBytes(reordered)).toEqual(canonicalEventBytes(e));
    expect(canonicalEventBytes(attestEvent(e, KEY))).toEqual(canonicalEventBytes(e));
    const text = new TextDecoder().decode(canonicalEventBytes(e));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(e).sort());
  });
});

describe('attestEvent / verifyAttest', () => {
  const e = send(2, CLERK, T0 + 2, TEHSILDAR, null);

  it('an attested event verifies under its key and parses as an event', () => {
    const signed = attestEvent(e, KEY);
    expect(signed.attest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyAttest(signed, KEY)).toBe(true);
    expect(parseEvent(signed)).toEqual({ ok: true, value: signed });
  });

  it('fails under another key, without attest, or with any field changed', () => {
    const signed = attestEvent(e, KEY);
    expect(verifyAttest(signed, OTHER_KEY)).toBe(false);
    expect(verifyAttest(e, KEY)).toBe(false);
    expect(verifyAttest({ ...signed, remarks: 'changed' }, KEY)).toBe(false);
    expect(verifyAttest({ ...signed, actor: TEHSILDAR }, KEY)).toBe(false);
    expect(verifyAttest({ ...signed, attest: 'A'.repeat(43) }, KEY)).toBe(false);
    expect(verifyAttest({ ...signed, attest: 'short' }, KEY)).toBe(false);
  });

  it('meta is attested the same way', () => {
    const m = attestMeta(meta(), KEY);
    expect(verifyAttest(m, KEY)).toBe(true);
    expect(verifyAttest({ ...m, subject: 'Other' }, KEY)).toBe(false);
    expect(parseMeta(m)).toEqual({ ok: true, value: m });
  });

  it('the schema refuses a malformed attest', () => {
    expect(parseEvent({ ...e, attest: 'not base64url!' }).ok).toBe(false);
    expect(parseEvent({ ...e, attest: 42 }).ok).toBe(false);
    expect(parseMeta({ ...meta(), attest: 'x'.repeat(44) }).ok).toBe(false);
  });
});
