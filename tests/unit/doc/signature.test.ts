import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  canonicalBytes,
  decodeB64url,
  itemHash,
  keyIdOf,
  SIG_CHARS,
  type SignatureAlgorithm,
} from '@doc/signature.ts';
import { verifyBytes, verifyItem } from '@doc/verify-bytes.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asRecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';
import vectors from '../../fixtures/signing/vectors.json' with { type: 'json' };

type Vector = (typeof vectors)['ed25519'];
const ALL: readonly Vector[] = [vectors.ed25519, vectors.p256];
const recordOf = (v: Vector) => asRecordId(v.recordId);
const metaOf = (v: Vector) => v.meta as unknown as RecordMeta;
const eventOf = (v: Vector) => v.event as unknown as RecordEvent;

describe.each(ALL)('signature vectors ($algorithm)', (v) => {
  const alg = v.algorithm as SignatureAlgorithm;
  const pub = hexToBytes(v.publicKeyHex);

  it('canonical bytes, key id and hashes are exactly the committed ones', () => {
    expect(bytesToHex(canonicalBytes(recordOf(v), metaOf(v)))).toBe(v.metaBytesHex);
    expect(bytesToHex(canonicalBytes(recordOf(v), eventOf(v)))).toBe(v.eventBytesHex);
    expect(keyIdOf(alg, pub)).toBe(v.keyId);
    expect(itemHash(recordOf(v), metaOf(v))).toBe(v.metaHash);
    expect(itemHash(recordOf(v), eventOf(v))).toBe(v.eventHash);
    expect(eventOf(v).prev).toEqual([v.metaHash]);
  });

  it('the signatures verify; altered bytes, another record or another key do not', () => {
    expect(verifyItem(recordOf(v), metaOf(v), alg, pub)).toBe(true);
    expect(verifyItem(recordOf(v), eventOf(v), alg, pub)).toBe(true);
    const altered = { ...eventOf(v), text: 'अस्वीकृत।' } as RecordEvent;
    expect(verifyItem(recordOf(v), altered, alg, pub)).toBe(false);
    const elsewhere = asRecordId('0b5c1f36-3a43-4d7e-9a0e-5f1d2c3b4a5a');
    expect(verifyItem(elsewhere, eventOf(v), alg, pub)).toBe(false);
    const other = ALL.find((o) => o !== v) as Vector;
    expect(
      verifyItem(
        recordOf(v),
        eventOf(v),
        other.algorithm as SignatureAlgorithm,
        hexToBytes(other.publicKeyHex),
      ),
    ).toBe(false);
    const reordered = { ...eventOf(v), prev: [v.eventHash] } as RecordEvent;
    expect(verifyItem(recordOf(v), reordered, alg, pub)).toBe(false);
  });

  it('an item hashed once hashes the same again, and not the same for another record or signature', () => {
    const event = eventOf(v);
    expect(itemHash(recordOf(v), event)).toBe(v.eventHash);
    expect(itemHash(recordOf(v), event)).toBe(v.eventHash);
    const elsewhere = asRecordId('0b5c1f36-3a43-4d7e-9a0e-5f1d2c3b4a5a');
    const other = itemHash(elsewhere, event);
    expect(other).not.toBe(v.eventHash);
    expect(other).toBe(itemHash(elsewhere, { ...event }));
    // The same object with its signature replaced (its type forbids it; a remembered hash must not lie).
    const resigned = { ...event };
    expect(itemHash(recordOf(v), resigned)).toBe(v.eventHash);
    (resigned as { sig?: string }).sig = undefined;
    expect(itemHash(recordOf(v), resigned)).toBe(itemHash(recordOf(v), { ...resigned }));
    expect(itemHash(recordOf(v), resigned)).not.toBe(v.eventHash);
  });

  it('signed items pass the event and meta schema', () => {
    expect(parseMeta(v.meta).ok).toBe(true);
    expect(parseEvent(v.event).ok).toBe(true);
  });
});

describe('WebCrypto signatures match the encoding', () => {
  it('Ed25519 from WebCrypto gives exactly the vector signature (it is deterministic)', async () => {
    const v = vectors.ed25519;
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
    const pkcs8 = hexToBytes(`302e020100300506032b657004220420${v.secretHex}`);
    const key = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
    const sig = await crypto.subtle.sign('Ed25519', key, canonicalBytes(recordOf(v), eventOf(v)));
    expect(new Uint8Array(sig)).toEqual(decodeB64url(v.event.sig, SIG_CHARS));
  });

  it('ECDSA P-256 from WebCrypto verifies with the pure verifier', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const pub = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const msg = canonicalBytes(recordOf(vectors.p256), eventOf(vectors.p256));
    for (let i = 0; i < 8; i++) {
      const sig = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, msg),
      );
      expect(verifyBytes('P-256', pub, msg, sig)).toBe(true);
    }
    expect(verifyBytes('P-256', pub, msg, new Uint8Array(64))).toBe(false);
  });
});

describe('signature fields in the schema', () => {
  it('refuses prev on meta, unsorted or malformed prev, and malformed key or sig', () => {
    const v = vectors.ed25519;
    expect(parseMeta({ ...v.meta, prev: [v.metaHash] }).ok).toBe(false);
    expect(parseEvent({ ...v.event, prev: [] }).ok).toBe(false);
    expect(parseEvent({ ...v.event, prev: [v.metaHash, v.metaHash] }).ok).toBe(false);
    const [a, b] = [v.metaHash, v.eventHash].sort();
    expect(parseEvent({ ...v.event, prev: [b, a] }).ok).toBe(false);
    expect(parseEvent({ ...v.event, prev: [a, b] }).ok).toBe(true);
    expect(parseEvent({ ...v.event, key: 'short' }).ok).toBe(false);
    expect(parseEvent({ ...v.event, sig: `${v.event.sig}A` }).ok).toBe(false);
  });
});
