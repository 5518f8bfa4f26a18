import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openBlobDir, type BlobDir } from '../../../sync-server/attachments/blob-dir.ts';
import { newScansUp, PART_BYTES, sendScan } from '../../../sync-server/relay/scans-up.ts';
import { timedFetch } from '../../../sync-server/relay/timed-fetch.ts';

/**
 * A relay's scan upload over a 2G uplink (decision 0010, amendment 3): 40 kbit/s up,
 * slower than a 256 KB part per quiet time (30 s), through the relay's timed fetch.
 * The link is simulated on fake timers and paced by bytes: it takes a request body
 * at 5,000 bytes per (fake) second, whatever form the body has, and the district
 * answers only once it has the whole part, as a tus server does.
 */

const RECORD = asRecordId('00000000-0000-4000-8000-00000000000a');
const DISTRICT = 'http://district.test';
const UPLOAD = `${DISTRICT}/api/files/${'c'.repeat(32)}`;
const BYTES_PER_S = 5_000; // 40 kbit/s
const QUIET_MS = 30_000;
const LINK_PIECE = 1_000;

/** Waits `ms` of fake time, or rejects when the call is ended. */
function linkWait(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason as Error);
    const ended = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', ended);
      resolve();
    }, ms);
    signal?.addEventListener('abort', ended, { once: true });
  });
}

/** The body's bytes, as the link carries them: LINK_PIECE at a time, at BYTES_PER_S. */
async function carried(body: RequestInit['body'], signal: AbortSignal | null | undefined) {
  const pieces: Uint8Array[] = [];
  const carry = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.byteLength; at += LINK_PIECE) {
      const piece = bytes.subarray(at, at + LINK_PIECE);
      await linkWait((piece.byteLength / BYTES_PER_S) * 1000, signal);
      pieces.push(piece);
    }
  };
  if (body instanceof ReadableStream) {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read())
      await carry(next.value);
  } else if (body instanceof Uint8Array) {
    await carry(body);
  }
  return Buffer.concat(pieces);
}

describe("a relay's scan upload on a 2G uplink", () => {
  let dir = '';
  let blobs: BlobDir;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-scans-uplink-'));
    blobs = await openBlobDir(dir);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches the district at 40 kbit/s with a 30 s quiet time, in 256 KB parts', async () => {
    const scan = randomBytes(PART_BYTES + 50_000);
    const sha256 = 'ab'.repeat(32);
    writeFileSync(blobs.pathOf(sha256), scan);
    let received = Buffer.alloc(0);
    const patches: number[] = [];
    const link = (async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      if (method === 'HEAD') return new Response(null, { status: 404 });
      if (method === 'POST')
        return new Response(null, { status: 201, headers: { location: UPLOAD } });
      const offset = Number(new Headers(init?.headers).get('upload-offset'));
      const part = await carried(init?.body, init?.signal);
      patches.push(part.byteLength);
      expect(offset).toBe(received.byteLength);
      received = Buffer.concat([received, part]);
      return new Response(null, {
        status: 204,
        headers: { 'upload-offset': String(received.byteLength) },
      });
    }) as typeof fetch;
    const logs: string[] = [];
    const sent = sendScan(
      {
        url: DISTRICT,
        fetch: timedFetch(link, QUIET_MS, 10 * 60_000),
        blobs,
        log: (line) => logs.push(line),
        now: () => Date.now(),
      },
      newScansUp(),
      'SECRET',
      { sha256, recordId: RECORD },
    );
    let settled = false;
    const ended = sent.then(
      (end) => ((settled = true), end),
      (e: unknown) => ((settled = true), e),
    );
    // Each 256 KB part takes 52 s of fake time on this link: the quiet time would end it.
    while (!settled) await vi.advanceTimersByTimeAsync(1_000);
    expect(await ended).toBe('there');
    expect(patches).toEqual([PART_BYTES, 50_000]);
    expect(received.equals(scan)).toBe(true);
    expect(logs).toEqual([`relay: scan ${sha256} sent to the district`]);
  });
});
