// Every other way the server hands out records (issue 17), against a real server: a
// confidential file is announced on the push channel, found by search, given proofs and
// its scans only to the people on its access list; the pendency report counts it for
// everyone in reach but shows its subject only to them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RecordEvent } from '@domain/events.ts';
import { pushProtocols } from '@protocol/api.ts';
import { blobPath } from '@protocol/attachments.ts';
import { REPORTS_API, type PendencyReportResponse } from '@protocol/reports.ts';
import { SEARCH_API, type SearchResponse } from '@protocol/search.ts';
import { PushSocket } from './push-socket.ts';
import { bearer, startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile } from './server-sync-client.ts';
import { base, desk, gradedFile, push, type Desk } from './confidential-client.ts';

const SHA = 'ab'.repeat(32);
const DM = 'dm.dehradun';

/** A scan on the DM's file, made with the file (the bytes need not be on the server). */
const scan: RecordEvent = {
  ...base(DM),
  type: 'attachmentAdded',
  sha256: SHA,
  mime: 'image/jpeg',
  bytes: 1000,
  pages: 1,
  name: 'letter.jpg',
  width: 100,
  height: 100,
};

describe('the other routes leave a confidential file to its access list', () => {
  let server: TestServer;
  let dm: Desk;
  let adm: Desk;
  let admSocket: PushSocket;
  let dmSocket: PushSocket;
  const file = gradedFile(DM, 'dehradun', 'गोपनीय जाँच आख्या / confidential inquiry', 'secret');
  const plain = newFile(DM, 'dehradun', 'सामान्य आख्या / ordinary report', 'DDN/REV/2026/1-1');

  const get = async (d: Desk, path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: bearer(d.token) });
    return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
  };
  const socket = (d: Desk) =>
    PushSocket.open(
      new WebSocket(`${server.url.replace('http', 'ws')}/api/push`, pushProtocols(d.token)),
    );

  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_REPORTS_PER_MINUTE: '0' });
    dm = await desk(server, DM);
    adm = await desk(server, 'adm.dehradun');
    const other = await desk(server, DM);
    admSocket = await socket(adm);
    dmSocket = await socket(other);
    for (const s of [admSocket, dmSocket]) expect((await s.next()).type).toBe('announce');
    expect((await push(server, dm, file, file.update)).refusals).toEqual([]);
    expect((await push(server, dm, file, append(file, [scan]))).refusals).toEqual([]);
    // Then a normal file, announced to both.
    expect((await push(server, dm, plain, plain.update)).acks).toEqual([1]);
  });
  afterAll(async () => {
    admSocket.ws.close();
    dmSocket.ws.close();
    await server.stop();
  });

  it('announces the confidential commits to the access list only', async () => {
    const frames = [await dmSocket.next(), await dmSocket.next(), await dmSocket.next()];
    expect(frames.map((f) => f.type)).toEqual(['announce', 'announce', 'announce']);
    // The ADM's first announcement after hello is the normal file's commit, the last one.
    expect(await admSocket.next()).toEqual(frames[2]);
  });

  it('finds it in search for the access list only', async () => {
    const hits = async (d: Desk) =>
      ((await get(d, `${SEARCH_API}?q=${encodeURIComponent('आख्या')}`)).body as SearchResponse).hits
        .map((h) => h.id)
        .sort();
    expect(await hits(dm)).toEqual([file.id, plain.id].sort());
    expect(await hits(adm)).toEqual([plain.id]);
  });

  it('gives its proofs and scans to the access list only', async () => {
    const proofs = `/api/records/${file.id}/proofs`;
    expect((await get(dm, proofs)).status).toBe(200);
    expect((await get(adm, proofs)).status).toBe(404);
    expect((await get(adm, `/api/records/${plain.id}/proofs`)).status).toBe(200);
    // The DM may read the scan (not uploaded yet: 404), the ADM may not (403).
    expect((await get(dm, blobPath(SHA, file.id))).status).toBe(404);
    expect((await get(adm, blobPath(SHA, file.id))).status).toBe(403);
  });

  it('counts it in pendency for everyone in reach, with its subject for the list only', async () => {
    const rows = async (d: Desk) => {
      const r = await get(d, REPORTS_API.pendency);
      expect(r.status).toBe(200);
      const report = (r.body as PendencyReportResponse).report;
      return new Map(report.records.map((x) => [x.id, x.subject]));
    };
    const mine = await rows(dm);
    expect(mine.get(file.id)).toBe(file.doc.getMap('meta').get('subject'));
    const theirs = await rows(adm);
    expect(theirs.has(file.id)).toBe(true);
    expect(theirs.get(file.id)).toBe('');
    expect(theirs.get(plain.id)).toBe('सामान्य आख्या / ordinary report');
  });
});
