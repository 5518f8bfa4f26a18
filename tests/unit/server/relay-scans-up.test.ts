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
  async function sendWith(location: string) {
    const calls: string[] = [];
    const logs: string[] = [];
    const fetchAt = (async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push(`${method} ${String(url)}`);
      if (method === 'HEAD') return new Response(null, { status: 404 });
      if (method === 'POST') return new Response(null, { status: 201, headers: { location } });
      return new Response(null, { status: 204, headers: { 'upload-offset': '10' } });
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
    expect(end).toBe('later');
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
      expect(calls.at(-1)).toBe(`PATCH ${new URL(location, DISTRICT).href}`);
    }
  });
});
