import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openBlobDir, type BlobDir } from '../../../sync-server/attachments/blob-dir.ts';
import {
  createScanLink,
  FORGED_REST_MS,
  type ScanLinkDeps,
} from '../../../sync-server/relay/scan-link.ts';

/**
 * An office relay's scan passes (sync-server/relay/scan-link.ts): none without a
 * session, one at a time however often kicked, a failing call logged once while it
 * lasts, and a stop that waits for the pass running.
 */

const RECORD = asRecordId('00000000-0000-4000-8000-00000000000a');
const SCAN = 'ab'.repeat(32);

describe("a relay's scan passes", () => {
  let dir = '';
  let blobs: BlobDir;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-scan-link-'));
    blobs = await openBlobDir(dir);
    writeFileSync(blobs.pathOf(SCAN), 'scan');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A district answering each HEAD with `answer` after the test lets it (`release`). */
  function link(token: string, answer: (method: string) => Response) {
    const logs: string[] = [];
    let running = 0;
    let most = 0;
    let calls = 0;
    let passes = 0;
    const waiting: (() => void)[] = [];
    const deps: ScanLinkDeps = {
      url: 'http://district.test',
      fetch: async (_url, init) => {
        calls++;
        most = Math.max(most, ++running);
        await new Promise<void>((r) => waiting.push(r));
        running--;
        return answer(init?.method ?? 'GET');
      },
      blobs,
      log: (line) => logs.push(line),
      now: () => 0,
      storage: { summaries: async () => [{ id: RECORD, scans: [SCAN] }] as never },
      token: () => {
        passes++;
        return token;
      },
      distrusted: () => false,
    };
    const l = createScanLink(deps);
    const release = async (): Promise<void> => {
      while (waiting.length === 0) await new Promise((r) => setTimeout(r, 1));
      waiting.shift()?.();
    };
    return { l, logs, release, stats: () => ({ calls, most, passes }) };
  }

  it('asks nothing without a session', async () => {
    const { l, stats } = link('', () => new Response(null, { status: 200 }));
    l.kick();
    await l.stop();
    expect(stats()).toMatchObject({ calls: 0, passes: 1 });
  });

  it('runs one pass at a time, and one more for the kicks during it', async () => {
    // The district lacks the scan and does not take it: it rests a minute.
    const { l, logs, release, stats } = link(
      't',
      (method) => new Response(null, { status: method === 'HEAD' ? 404 : 403 }),
    );
    l.kick();
    l.kick();
    l.kick();
    await release();
    await release();
    // One more pass for the two kicks, which asks nothing of the resting scan.
    while (stats().passes < 2) await new Promise((r) => setTimeout(r, 1));
    await l.stop();
    expect(stats()).toEqual({ calls: 2, most: 1, passes: 2 });
    expect(logs).toEqual([
      `relay: the district did not take scan ${SCAN} (HTTP 403); tried again in 60 s`,
    ]);
  });

  it('logs a failing call once while it lasts', async () => {
    const { l, logs, release } = link('t', () => {
      throw new TypeError('fetch failed');
    });
    l.kick();
    await release();
    l.kick();
    await release();
    await l.stop();
    expect(logs).toEqual(['relay: scan transfer stopped for now: fetch failed']);
  });

  it('a scan that cannot come down leaves the queue, and the ones after it still come down', async () => {
    const good = new TextEncoder().encode('a good scan');
    const goodSha = createHash('sha256').update(good).digest('hex');
    // Listed with a size, but empty at the district: a Range from 0 is answered 416.
    const empty = createHash('sha256').update(new Uint8Array()).digest('hex');
    // Its partial copy cannot be written here.
    const unwritable = 'cd'.repeat(32);
    mkdirSync(join(blobs.uploads, `district-${unwritable}`));
    const logs: string[] = [];
    let passEnded = (): void => undefined;
    const ended = new Promise<void>((r) => (passEnded = r));
    const l = createScanLink({
      url: 'http://district.test',
      fetch: async (url, init) => {
        if (init?.method === 'HEAD') return new Response(null, { status: 200 });
        const path = String(url);
        if (path.includes(empty)) {
          return new Response(null, { status: 416, headers: { 'content-range': 'bytes */0' } });
        }
        return new Response(path.includes(goodSha) ? good : 'other bytes', { status: 200 });
      },
      blobs,
      log: (line) => {
        logs.push(line);
        // The good scan is the last asked for; a pass that stops early says so.
        if (line.includes(goodSha) || line.includes('stopped for now')) passEnded();
      },
      now: () => 0,
      storage: { summaries: async () => [{ id: RECORD, scans: [SCAN] }] as never },
      token: () => 't',
      distrusted: () => false,
    });
    l.want(empty, RECORD);
    l.want(unwritable, RECORD);
    l.want(goodSha, RECORD);
    l.kick();
    await ended;
    await l.stop();
    expect(await blobs.sizeOf(goodSha)).toBe(good.byteLength);
    expect(await blobs.sizeOf(empty)).toBeNull();
    expect(logs.filter((x) => x.includes(unwritable))).toEqual([
      expect.stringMatching(/^relay: scan (cd){32} not fetched from the district: /),
    ]);
    expect(logs.some((x) => x.includes('stopped for now'))).toBe(false);
  });

  it("sends nothing while the district's log alarm stands, and still fetches", async () => {
    const wanted = new TextEncoder().encode('a scan a tablet asked for');
    const wantedSha = createHash('sha256').update(wanted).digest('hex');
    const calls: string[] = [];
    const logs: string[] = [];
    let asked = 0;
    let secondPass = (): void => undefined;
    const second = new Promise<void>((r) => (secondPass = r));
    const l = createScanLink({
      url: 'http://district.test',
      fetch: async (url, init) => {
        calls.push(`${init?.method ?? 'GET'} ${String(url).includes(SCAN) ? 'SCAN' : 'wanted'}`);
        // The district lacks SCAN (HEAD 404) and takes it: it would be sent.
        if (init?.method === 'HEAD') return new Response(null, { status: 404 });
        if (init?.method === 'POST') {
          return new Response(null, {
            status: 201,
            headers: { location: `/api/files/${'a'.repeat(32)}` },
          });
        }
        if (init?.method === 'PATCH') {
          return new Response(null, { status: 204, headers: { 'upload-offset': '4' } });
        }
        return new Response(wanted, { status: 200 });
      },
      blobs,
      log: (line) => logs.push(line),
      now: () => 0,
      storage: { summaries: async () => [{ id: RECORD, scans: [SCAN] }] as never },
      token: () => 't',
      distrusted: () => {
        if (++asked === 2) secondPass();
        return true;
      },
    });
    l.want(wantedSha, RECORD);
    l.kick();
    l.kick();
    await second;
    await l.stop();
    expect(calls).toEqual(['GET wanted']);
    expect(await blobs.sizeOf(wantedSha)).toBe(wanted.byteLength);
    // Two passes under the alarm: said once.
    expect(logs.filter((x) => x.includes('log alarm'))).toEqual([
      'relay: scans not sent to the district while its log alarm stands',
    ]);
  });

  it('stop() ends the call under way: no part is sent after it', async () => {
    writeFileSync(blobs.pathOf(SCAN), new Uint8Array(40 * 1024));
    const logs: string[] = [];
    let patches = 0;
    let patching = (): void => undefined;
    const firstPatch = new Promise<void>((r) => (patching = r));
    const l = createScanLink({
      url: 'http://district.test',
      // A WAN gone quiet mid-part: the PATCH answers only when its call is ended.
      fetch: async (_url, init) => {
        if (init?.method === 'HEAD') return new Response(null, { status: 404 });
        if (init?.method === 'POST') {
          return new Response(null, {
            status: 201,
            headers: { location: `/api/files/${'a'.repeat(32)}` },
          });
        }
        patches++;
        patching();
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        });
      },
      blobs,
      log: (line) => logs.push(line),
      now: () => 0,
      partBytes: 1024,
      storage: { summaries: async () => [{ id: RECORD, scans: [SCAN] }] as never },
      token: () => 't',
      distrusted: () => false,
    });
    l.kick();
    await firstPatch;
    await l.stop();
    expect(patches).toBe(1);
    expect(logs).toEqual([]);
  });

  it('asks the district again for a forged scan only after an hour, however often tablets ask', async () => {
    const forged = 'ef'.repeat(32);
    const logs: string[] = [];
    let gets = 0;
    let clock = 0;
    let told = (): void => undefined;
    const l = createScanLink({
      url: 'http://district.test',
      fetch: async (_url, init) => {
        if (init?.method === 'HEAD') return new Response(null, { status: 200 });
        gets++;
        return new Response('not the scan', { status: 200 });
      },
      blobs,
      log: (line) => {
        logs.push(line);
        if (line.includes(forged)) told();
      },
      now: () => clock,
      storage: { summaries: async () => [{ id: RECORD, scans: [SCAN] }] as never },
      token: () => {
        started();
        return 't';
      },
      distrusted: () => false,
    });
    let started = (): void => undefined;
    const fetchedOnce = async (): Promise<void> => {
      const said = new Promise<void>((r) => (told = r));
      l.want(forged, RECORD);
      l.kick();
      await said;
      // The pass that fetched it has ended once the next one starts.
      const next = new Promise<void>((r) => (started = r));
      l.kick();
      await next;
    };
    await fetchedOnce();
    // Asked again within the hour: not fetched.
    clock = FORGED_REST_MS - 1;
    l.want(forged, RECORD);
    for (let i = 0; i < 2; i++) {
      // A pass, then the next's start: the first has ended.
      const next = new Promise<void>((r) => (started = r));
      l.kick();
      await next;
    }
    expect(gets).toBe(1);
    clock = FORGED_REST_MS;
    await fetchedOnce();
    await l.stop();
    expect(gets).toBe(2);
    expect(logs.filter((x) => x.includes(forged))).toHaveLength(2);
  });
});
