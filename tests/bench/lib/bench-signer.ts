import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { headsOf } from '@doc/chain.ts';
import { canonicalBytes, encodeB64url, keyIdOf } from '@doc/signature.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { SigningKeyRegistration } from '@protocol/api.ts';

/**
 * A bench person's device key: Ed25519 from node:crypto, signing synchronously
 * so the generator stays synchronous. It seals items exactly as a tablet does
 * (src/storage/commands/sign-change.ts: meta, then each event naming the record's heads
 * as `prev`), over the same canonical bytes, so the server and the devices of
 * the benchmark verify signed data as they would in an office.
 */

export interface BenchSigner {
  readonly keyId: string;
  readonly registration: SigningKeyRegistration;
  sign(bytes: Uint8Array): string;
}

export function createBenchSigner(): BenchSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
  const keyId = keyIdOf('Ed25519', raw);
  return {
    keyId,
    registration: {
      keyId,
      algorithm: 'Ed25519',
      publicKey: raw.toString('base64url'),
      deviceInfo: 'benchmark',
    },
    sign: (bytes) => encodeB64url(signWith(privateKey, bytes)),
  };
}

const signWith = (key: KeyObject, bytes: Uint8Array): Uint8Array =>
  new Uint8Array(sign(null, bytes, key));

function sealItem<T extends RecordEvent | RecordMeta>(
  s: BenchSigner,
  recordId: RecordId,
  item: T,
): T {
  const unsigned = { ...item, key: s.keyId };
  return { ...unsigned, sig: s.sign(canonicalBytes(recordId, unsigned)) };
}

/** New meta (when the change creates the record) and events, signed and chained. */
export function sealChange(
  s: BenchSigner,
  recordId: RecordId,
  meta: RecordMeta,
  existing: readonly RecordEvent[],
  change: { readonly meta: RecordMeta | null; readonly events: readonly RecordEvent[] },
): { meta: RecordMeta | null; events: RecordEvent[] } {
  const sealedMeta = change.meta === null ? null : sealItem(s, recordId, change.meta);
  const root = sealedMeta ?? meta;
  const seen = [...existing];
  const events: RecordEvent[] = [];
  for (const e of change.events) {
    const sealed = sealItem(s, recordId, {
      ...e,
      prev: headsOf({ recordId, meta: root, events: seen }),
    });
    seen.push(sealed);
    events.push(sealed);
  }
  return { meta: sealedMeta, events };
}
