import { deflateRawSync, gunzipSync, constants } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, PROTOCOL_VERSION, type SyncResponse } from '@protocol/messages.ts';
import { createSyncResponseEncoder } from '../../../sync-server/http/response-gzip.ts';

const R1 = asRecordId('00000000-0000-4000-8000-000000000001');

function response(
  updateBytes: readonly Uint8Array[],
  extra: Partial<SyncResponse> = {},
): SyncResponse {
  return {
    type: 'syncResponse',
    protocol: PROTOCOL_VERSION,
    acks: [],
    refusals: [],
    updates: updateBytes.map((update, i) => ({ seq: i + 1, recordId: R1, update })),
    cursor: updateBytes.length,
    more: false,
    serverTime: 1_790_000_000_000,
    headSeq: updateBytes.length,
    generation: 1,
    ...extra,
  };
}

/** Compressible but not trivial: Devanagari-like text with some noise. */
const textLike = fc
  .array(fc.constantFrom('फ़ाइल ', 'टिप्पणी ', 'तहसील ', 'भूमि ', 'x', '\u0000'), { maxLength: 4000 })
  .map((words) => new TextEncoder().encode(words.join('')));

function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Counts deflate calls of the page run, so sharing is visible. */
function countingDeflate(): {
  deflate: (b: Uint8Array) => Promise<Uint8Array>;
  calls: () => number;
} {
  let calls = 0;
  return {
    deflate: async (b) => {
      calls++;
      return new Uint8Array(deflateRawSync(b, { finishFlush: constants.Z_SYNC_FLUSH }));
    },
    calls: () => calls,
  };
}

describe('sync response gzip (server)', () => {
  it('is one gzip member that inflates to exactly the frame', async () => {
    const encode = createSyncResponseEncoder();
    await fc.assert(
      fc.asyncProperty(fc.array(textLike, { maxLength: 6 }), fc.nat(), async (pages, acks) => {
        const frame = response(pages, { acks: [acks] });
        const body = await encode(frame, 'gzip');
        const plain = encodeFrame(frame);
        if (plain.byteLength <= COMPRESS_MIN_BYTES) {
          expect(body.encoding).toBeNull();
          expect(body.bytes).toEqual(plain);
        } else {
          expect(body.encoding).toBe('gzip');
          // gunzip checks the CRC-32 and length in the trailer.
          expect(new Uint8Array(gunzipSync(body.bytes))).toEqual(plain);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('sends the frame as is to a client that does not accept gzip', async () => {
    const frame = response([new Uint8Array(5000).fill(7)]);
    const body = await createSyncResponseEncoder()(frame, 'br');
    expect(body.encoding).toBeNull();
    expect(body.bytes).toEqual(encodeFrame(frame));
  });

  it('deflates a page once for every device that pulls it, until it is dropped', async () => {
    const counter = countingDeflate();
    // Noise does not compress, so each deflated page is about 20 KB.
    const page = (seed: number) => [noise(20_000, seed)];
    const encode = createSyncResponseEncoder({ budgetBytes: 30_000, deflate: counter.deflate });
    const first = response(page(1), { acks: [1], serverTime: 1 });
    const second = response(page(1), { acks: [2, 3], serverTime: 2 });
    const [a, b] = await Promise.all([encode(first, 'gzip'), encode(second, 'gzip')]);
    expect(counter.calls()).toBe(1);
    expect(new Uint8Array(gunzipSync(a.bytes))).toEqual(encodeFrame(first));
    expect(new Uint8Array(gunzipSync(b.bytes))).toEqual(encodeFrame(second));
    // Two other pages, then the first again: the budget holds one deflated page.
    await encode(response(page(2)), 'gzip');
    await encode(response(page(3)), 'gzip');
    await encode(first, 'gzip');
    expect(counter.calls()).toBe(4);
  });
});
