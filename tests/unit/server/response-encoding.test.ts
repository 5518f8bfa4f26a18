import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateRawSync,
  gunzipSync,
} from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, PROTOCOL_VERSION, type SyncResponse } from '@protocol/messages.ts';
import {
  BROTLI_END,
  brotliOpening,
  createByteBudget,
  storedMetaBlock,
} from '../../../sync-server/http/response-brotli.ts';
import { createSyncResponseEncoder } from '../../../sync-server/http/response-encoding.ts';

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

/** Counts compressions of the shared run, so sharing is visible. */
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

  it('sends the frame as is to a client that accepts neither brotli nor gzip', async () => {
    const frame = response([new Uint8Array(5000).fill(7)]);
    const body = await createSyncResponseEncoder()(frame, 'deflate');
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

function countingBrotli(): {
  brotli: (b: Uint8Array) => Promise<Uint8Array>;
  calls: () => number;
} {
  let calls = 0;
  const open = brotliOpening(5);
  return {
    brotli: (b) => {
      calls++;
      return open(b);
    },
    calls: () => calls,
  };
}

const unbrotli = (b: Uint8Array): Uint8Array => new Uint8Array(brotliDecompressSync(b));

describe('sync response brotli (server)', () => {
  it('is one brotli stream that decodes to exactly the frame', async () => {
    const encode = createSyncResponseEncoder();
    await fc.assert(
      fc.asyncProperty(
        fc.array(textLike, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.nat(),
        async (pages, acks, serverTime) => {
          const frame = response(pages, { acks, serverTime });
          const body = await encode(frame, 'gzip, deflate, br');
          const plain = encodeFrame(frame);
          if (plain.byteLength <= COMPRESS_MIN_BYTES) {
            expect(body.encoding).toBeNull();
            expect(body.bytes).toEqual(plain);
          } else {
            expect(body.encoding).toBe('br');
            expect(unbrotli(body.bytes)).toEqual(plain);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers gzip to a client that does not offer br, with the same frame inside', async () => {
    const frame = response([new TextEncoder().encode('टिप्पणी '.repeat(400))]);
    const encode = createSyncResponseEncoder();
    const br = await encode(frame, 'br, gzip');
    const gzip = await encode(frame, 'gzip, deflate');
    expect([br.encoding, gzip.encoding]).toEqual(['br', 'gzip']);
    expect(unbrotli(br.bytes)).toEqual(encodeFrame(frame));
    expect(new Uint8Array(gunzipSync(gzip.bytes))).toEqual(encodeFrame(frame));
    expect(br.bytes.byteLength).toBeLessThan(gzip.bytes.byteLength);
  });

  it('compresses a pulled page once for every device, and apart when the head differs', async () => {
    const counter = countingBrotli();
    const encode = createSyncResponseEncoder({ brotli: counter.brotli });
    const text = new TextEncoder().encode('भूमि अभिलेख '.repeat(300));
    // Pull-only exchanges of one page: the same head, tails differing in time and head sequence.
    const a = response([text], { serverTime: 1, headSeq: 5 });
    const b = response([text], { serverTime: 2, headSeq: 9 });
    const [ea, eb] = await Promise.all([encode(a, 'br'), encode(b, 'br')]);
    expect(counter.calls()).toBe(1);
    expect(unbrotli(ea.bytes)).toEqual(encodeFrame(a));
    expect(unbrotli(eb.bytes)).toEqual(encodeFrame(b));
    // A device whose own pushes are acknowledged has a head of its own.
    const pushed = response([text], { acks: [7], serverTime: 3 });
    expect(unbrotli((await encode(pushed, 'br')).bytes)).toEqual(encodeFrame(pushed));
    expect(counter.calls()).toBe(2);
  });

  it('compresses a device’s own run at full quality within the budget, fast past it', async () => {
    const full = countingBrotli();
    const fast = countingBrotli();
    let ms = 0;
    const encode = createSyncResponseEncoder({
      brotli: full.brotli,
      brotliFast: fast.brotli,
      fullBudget: createByteBudget(10_000, () => ms),
    });
    const page = (n: number) => [new TextEncoder().encode(`फ़ाइल ${n} `.repeat(500))];
    const own = (n: number) => response(page(n), { acks: [n] });
    for (const n of [1, 2, 3]) {
      const frame = own(n);
      expect(unbrotli((await encode(frame, 'br')).bytes)).toEqual(encodeFrame(frame));
    }
    // Each run is about 9 KB: the first fits the 10 KB budget, the next two do not.
    expect([full.calls(), fast.calls()]).toEqual([1, 2]);
    ms += 1000; // a second earns the budget back
    await encode(own(4), 'br');
    expect([full.calls(), fast.calls()]).toEqual([2, 2]);
  });

  it('compresses a pulled run at full quality only within the budget, and again once it allows', async () => {
    // A pulled page is often one device's alone: its own pushes are left out of
    // it, a joining person's desk is theirs, cursors differ. Quality 11 for
    // each would cost about 200 ms of a core per 128 KB page with no bound.
    const full = countingBrotli();
    const fast = countingBrotli();
    let ms = 0;
    const encode = createSyncResponseEncoder({
      brotli: full.brotli,
      brotliFast: fast.brotli,
      fullBudget: createByteBudget(10_000, () => ms),
    });
    const page = (n: number) => [new TextEncoder().encode(`भूमि ${n} `.repeat(500))];
    for (const n of [1, 2, 3]) {
      const frame = response(page(n));
      expect(unbrotli((await encode(frame, 'br')).bytes)).toEqual(encodeFrame(frame));
    }
    // Each run is about 7.5 KB: the first fits the 10 KB budget, the next two do not.
    expect([full.calls(), fast.calls()]).toEqual([1, 2]);
    // Pulled again: each comes from the cache, whichever quality it got, at no cost.
    for (const n of [1, 2, 3]) await encode(response(page(n), { serverTime: 9 }), 'br');
    expect([full.calls(), fast.calls()]).toEqual([1, 2]);
    // A second later a run pulled again is worth full quality: made once, then shared.
    ms += 1000;
    const again = response(page(2), { serverTime: 10 });
    expect(unbrotli((await encode(again, 'br')).bytes)).toEqual(encodeFrame(again));
    await encode(response(page(2), { serverTime: 11 }), 'br');
    expect([full.calls(), fast.calls()]).toEqual([2, 2]);
  });

  it('earns the byte budget back at its rate, up to one second of it', () => {
    let ms = 0;
    const spend = createByteBudget(1000, () => ms);
    expect(spend(600)).toBe(true);
    expect(spend(600)).toBe(false); // a refusal spends nothing
    expect(spend(400)).toBe(true);
    ms += 500;
    expect(spend(600)).toBe(false);
    expect(spend(500)).toBe(true);
    ms += 60_000; // an idle minute earns one second's worth, not sixty
    expect(spend(1000)).toBe(true);
    expect(spend(1)).toBe(false);
  });

  it('stores any tail length in the fewest nibbles', () => {
    const text = Buffer.from('फ़ाइल '.repeat(50));
    const opening = brotliCompressSync(text, { finishFlush: constants.BROTLI_OPERATION_FLUSH });
    for (const length of [1, 2 ** 16, 2 ** 16 + 1, 2 ** 20, 2 ** 20 + 1]) {
      const tail = noise(length, length);
      const stream = Buffer.concat([opening, storedMetaBlock(tail), BROTLI_END]);
      // Buffer.equals: a deep equality over a megabyte takes vitest seconds.
      expect(brotliDecompressSync(stream).equals(Buffer.concat([text, tail]))).toBe(true);
    }
    expect(() => storedMetaBlock(new Uint8Array(0))).toThrow(RangeError);
  });
});
