import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openBlobDir, type BlobDir } from '../../../sync-server/attachments/blob-dir.ts';
import { newScansUp, sendScan } from '../../../sync-server/relay/scans-up.ts';

/**
 * An office relay's upload of a scan (sync-server/relay/scans-up.ts) follows the
 * district's Location only to the district's own tus route: its session goes with
 * every call there.
 */

const RECORD = asRecordId('00000000-0000-4000-8000-00000000000a');
const SCAN = 'ab'.repeat(32);
const DISTRICT = 'http://district.test';

describe("a relay's upload of a scan", () => {
  let dir = '';
  let blobs: BlobDir;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-scans-up-'));
    blobs = await openBlobDir(dir);
    writeFileSync(blobs.pathOf(SCAN), new Uint8Array(10));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** sendScan against a district whose upload create names `location`: the calls made. */
  const sendWith = (location: string) =>
    sendTo(
      () => new Response(null, { status: 204, headers: { 'upload-offset': '10' } }),
      () => new Response(null, { status: 201, headers: { location } }),
    );

  it.each([
    'https://elsewhere.example/api/files/' + 'a'.repeat(32),
    '//elsewhere.example/api/files/' + 'a'.repeat(32),
    'http://district.test@elsewhere.example/api/files/' + 'a'.repeat(32),
    'http://district.test:8080/api/files/' + 'a'.repeat(32),
    '/api/sync',
    '/api/files',
    'http://[',
  ])('takes no upload address elsewhere: %s', async (location) => {
    const { end, calls, logs, up } = await sendWith(location);
    expect(end).toBe('refused');
    // HEAD and POST only: no PATCH, so the session went nowhere else.
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['HEAD', 'POST']);
    expect(up.uploads.size).toBe(0);
    expect(up.resting.has(SCAN)).toBe(true);
    expect(logs).toEqual([
      `relay: the district did not take scan ${SCAN} (an upload address elsewhere: ${location}); tried again in 60 s`,
    ]);
  });

  it("follows the district's own tus address, relative or whole", async () => {
    for (const location of [
      '/api/files/' + 'b'.repeat(32),
      `${DISTRICT}/api/files/${'c'.repeat(32)}`,
    ]) {
      const { end, calls } = await sendWith(location);
      expect(end).toBe('there');
      const path = new URL(location, DISTRICT).href.replace(DISTRICT, '');
      expect(calls.at(-1)).toBe(`PATCH ${path} 0 10`);
    }
  });

  const UPLOAD = `${DISTRICT}/api/files/${'d'.repeat(32)}`;

  /**
   * sendScan against `answer` (the district; a HEAD of the scan itself is answered 404,
   * a POST with `created`): the calls it was asked, as `METHOD url upload-offset bytes`.
   */
  async function sendTo(
    answer: (method: string) => Response,
    created = () => new Response(null, { status: 201, headers: { location: UPLOAD } }),
  ) {
    const calls: string[] = [];
    const logs: string[] = [];
    const fetchAt = (async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const offset = new Headers(init?.headers).get('upload-offset') ?? '-';
      const bytes = init?.body instanceof Uint8Array ? init.body.byteLength : 0;
      calls.push(`${method} ${String(url).replace(DISTRICT, '')} ${offset} ${bytes}`);
      if (String(url).includes('/api/blobs/')) return new Response(null, { status: 404 });
      return method === 'POST' ? created() : answer(method);
    }) as typeof fetch;
    const up = newScansUp();
    const end = await sendScan(
      { url: DISTRICT, fetch: fetchAt, blobs, log: (line) => logs.push(line), now: () => 0 },
      up,
      'SECRET',
      { sha256: SCAN, recordId: RECORD },
    );
    return { end, calls, logs, up };
  }

  const offsetAnswer = (status: number, offset: number): Response =>
    new Response(null, { status, headers: { 'upload-offset': String(offset) } });
  const conflict = (): Response => new Response('Upload-Offset conflict', { status: 409 });

  it("goes on from the district's offset when a PATCH is answered 409, not with a new upload", async () => {
    let patches = 0;
    const { end, calls, logs, up } = await sendTo((method) => {
      if (method === 'PATCH' && patches++ === 0)
        return new Response('Upload-Offset conflict', { status: 409 });
      if (method === 'PATCH') return offsetAnswer(204, 10);
      // The upload's HEAD: 4 bytes in, written by an earlier PATCH that was cut.
      return offsetAnswer(200, 4);
    });
    expect(end).toBe('there');
    const upload = UPLOAD.replace(DISTRICT, '');
    expect(calls.slice(1)).toEqual([
      'POST /api/files - 0',
      `PATCH ${upload} 0 10`,
      `HEAD ${upload} - 0`,
      `PATCH ${upload} 4 6`,
    ]);
    expect(up.atDistrict.has(SCAN)).toBe(true);
    expect(logs).toEqual([`relay: scan ${SCAN} sent to the district`]);
  });

  it('ends the turn when the district answers 409 again at its own offset', async () => {
    const { end, calls, up } = await sendTo((method) =>
      method === 'PATCH'
        ? new Response('Upload-Offset conflict', { status: 409 })
        : offsetAnswer(200, 4),
    );
    expect(end).toBe('later');
    expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(2);
    expect(up.resting.has(SCAN)).toBe(true);
  });

  it('takes a create answered 409 (the district has the scan) as sent, no refusal logged', async () => {
    const { end, calls, logs, up } = await sendTo(
      () => new Response(null, { status: 500 }),
      () => new Response('the district has this scan', { status: 409 }),
    );
    expect(end).toBe('there');
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['HEAD', 'POST']);
    expect(up.atDistrict.has(SCAN)).toBe(true);
    expect(up.resting.has(SCAN)).toBe(false);
    expect(logs).toEqual([]);
  });

  it.each([
    ['a PATCH answered past the end', () => offsetAnswer(204, 999), 1],
    [
      'a 409 whose HEAD names the end',
      (m: string) => (m === 'PATCH' ? conflict() : offsetAnswer(200, 10)),
      1,
    ],
    [
      'a 409 whose HEAD names a negative offset',
      (m: string) => (m === 'PATCH' ? conflict() : offsetAnswer(200, -4)),
      1,
    ],
  ])('takes no scan as sent on %s', async (_what, answer, patches) => {
    const { end, calls, up } = await sendTo(answer);
    expect(end).toBe('later');
    expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(patches);
    expect(up.atDistrict.has(SCAN)).toBe(false);
    expect(up.uploads.has(SCAN)).toBe(false);
  });
});
