import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asOfficeId, asPersonId, asRecordId, type RecordId } from '@domain/ids.ts';
import type { ApiError } from '@protocol/api.ts';
import {
  SEARCH_API,
  SEARCH_VERSION_WIRE,
  parseSearchResponse,
  type SearchResponse,
} from '@protocol/search.ts';
import { bearer, deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { base } from './confidential-client.ts';
import { append, newFile, notingEvent, sync } from './server-sync-client.ts';

/** GET /api/search against a real server and SQLite file: who may find what, and bad requests. */

const CLERK_VKN = asPersonId('clerk.vikasnagar');
const CLERK_CKT = asPersonId('clerk.chakrata');

/** A receipt diarised by the Vikasnagar clerk, from a letter numbered `letterNumber`. */
function diarisedReceipt(letterNumber: string) {
  const actor = 'clerk.vikasnagar';
  const id = asRecordId('00000000-0000-4000-8000-00000000d001');
  const at = Date.UTC(2026, 3, 1, 9, 30);
  const doc = createRecordDoc({
    schemaVersion: 1,
    kind: 'receipt',
    id,
    number: 'VKN/DAK/2026/1-9',
    subject: 'बाढ़ राहत / flood relief',
    category: 'disasterRelief',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(actor),
    createdAt: formatHlc({ wallMs: at, counter: 0, node: actor }),
    createdDeviceTime: at,
    clockVerified: true,
  });
  const diarised = {
    ...base(actor),
    type: 'diarised',
    from: 'Collector Dehradun',
    letterNumber,
    letterDate: '2026-03-30',
    mode: 'post',
  } as RecordEvent;
  append({ id, doc }, [diarised]);
  return { id, update: Y.encodeStateAsUpdate(doc) };
}

async function searchAs(server: TestServer, token: string | null, q: string | null) {
  const query = q === null ? '' : `?q=${encodeURIComponent(q)}`;
  const headers = token === null ? {} : bearer(token);
  const res = await fetch(`${server.url}${SEARCH_API}${query}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

describe('server search', () => {
  let server: TestServer;
  const tokens = new Map<string, string>();
  const ids: Record<'vkn' | 'ckt' | 'dak', RecordId> = {
    vkn: '' as RecordId,
    ckt: '' as RecordId,
    dak: '' as RecordId,
  };

  const tokenOf = async (username: string): Promise<string> => {
    const known = tokens.get(username);
    if (known !== undefined) return known;
    const { body } = await signIn(server.url, username, deviceUuid(700 + tokens.size));
    tokens.set(username, body.token);
    return body.token;
  };
  const found = async (username: string, q: string): Promise<SearchResponse> => {
    const r = await searchAs(server, await tokenOf(username), q);
    expect(r.status).toBe(200);
    const parsed = parseSearchResponse(r.body);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };

  beforeAll(async () => {
    // Many searches from one person in a test minute: the rate has its own test below.
    server = await startTestServer({ PATRAVALI_REPORTS_PER_MINUTE: '0' });
    const vkn = newFile(CLERK_VKN, 'vikasnagar', 'अवैध कब्ज़े का सीमांकन', 'VKN/LR/2026/1-77');
    const ckt = newFile(CLERK_CKT, 'chakrata', 'ग्राम लाखामंडल का सीमांकन', 'CKT/LR/2026/1-5');
    // A word only its noting says, and a receipt known by its letter's number.
    const noting = append(vkn, [notingEvent('clerk.vikasnagar', 'पटवारी की आख्या संलग्न है')]);
    const dak = diarisedReceipt('77/Baadh-Rahat');
    const a = await sync(server.url, await tokenOf('clerk.vikasnagar'), deviceUuid(700), 0, [
      { ref: 1, recordId: vkn.id, update: vkn.update },
      { ref: 2, recordId: vkn.id, update: noting },
      { ref: 3, recordId: dak.id, update: dak.update },
    ]);
    const b = await sync(server.url, await tokenOf('clerk.chakrata'), deviceUuid(701), 0, [
      { ref: 1, recordId: ckt.id, update: ckt.update },
    ]);
    expect([...a.response.refusals, ...b.response.refusals]).toEqual([]);
    ids.vkn = vkn.id;
    ids.ckt = ckt.id;
    ids.dak = dak.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('finds by folded spelling, Roman, number and several words, latest activity first', async () => {
    const dm = await found('dm.dehradun', 'सिमांकन');
    expect(dm.version).toBe(SEARCH_VERSION_WIRE);
    expect(dm.hits.map((h) => h.id).sort()).toEqual([ids.vkn, ids.ckt].sort());
    expect((await found('dm.dehradun', 'seemankan')).hits).toHaveLength(2);
    expect((await found('dm.dehradun', 'कब्जे')).hits.map((h) => h.id)).toEqual([ids.vkn]);
    expect((await found('dm.dehradun', 'lakhamandal seemankan')).hits.map((h) => h.id)).toEqual([
      ids.ckt,
    ]);
    const byNumber = await found('dm.dehradun', 'VKN/LR/2026/1-77');
    expect(byNumber.hits).toEqual([
      expect.objectContaining({
        id: ids.vkn,
        kind: 'file',
        number: 'VKN/LR/2026/1-77',
        subject: 'अवैध कब्ज़े का सीमांकन',
        office: 'vikasnagar',
        status: 'active',
      }),
    ]);
    expect(byNumber.more).toBe(false);
    expect((await found('dm.dehradun', 'वरासत')).hits).toEqual([]);
  });

  it("finds a word of a file's noting and a receipt's letter number, as the tablet does", async () => {
    expect((await found('dm.dehradun', 'आख्या')).hits.map((h) => h.id)).toEqual([ids.vkn]);
    expect((await found('dm.dehradun', 'aakhya patwari')).hits.map((h) => h.id)).toEqual([ids.vkn]);
    expect((await found('dm.dehradun', '77/Baadh-Rahat')).hits.map((h) => h.id)).toEqual([ids.dak]);
    // Another office's noting is not found by someone who may not see that office.
    expect((await found('clerk.chakrata', 'आख्या')).hits).toEqual([]);
  });

  it('answers only what the person may see: their office, or the district for district roles', async () => {
    const own = await found('tehsildar.vikasnagar', 'सीमांकन');
    expect(own.hits.map((h) => h.id)).toEqual([ids.vkn]);
    const other = await found('clerk.chakrata', 'सीमांकन');
    expect(other.hits.map((h) => h.id)).toEqual([ids.ckt]);
    // Another office's number finds nothing, as if it did not exist.
    expect((await found('clerk.chakrata', 'VKN/LR/2026/1-77')).hits).toEqual([]);
    expect((await found('adm.dehradun', 'सीमांकन')).hits).toHaveLength(2);
  });

  it('refuses a request without a valid session with 401 unauthenticated', async () => {
    for (const token of [null, 'not-a-token', 'x'.repeat(43)]) {
      const r = await searchAs(server, token, 'सीमांकन');
      expect(r.status).toBe(401);
      expect((r.body as ApiError).error).toBe('unauthenticated');
    }
  });

  it('answers a missing, empty, wordless or oversized query with a clear 400', async () => {
    const token = await tokenOf('dm.dehradun');
    const cases: [string | null, RegExp][] = [
      [null, /q: the text to search for/],
      ['   ', /q: the text to search for/],
      [' , । ', /q has no words/],
      ['क'.repeat(201), /longer than 200 characters/],
    ];
    for (const [q, detail] of cases) {
      const r = await searchAs(server, token, q);
      expect(r.status, String(q)).toBe(400);
      expect(r.body).toEqual({ error: 'badRequest', detail: expect.stringMatching(detail) });
    }
  });
});

describe('server search rate', () => {
  it("answers one person's flood with 429 and Retry-After, and still answers others", async () => {
    const server = await startTestServer({ PATRAVALI_REPORTS_PER_MINUTE: '2' });
    try {
      const { body: flood } = await signIn(server.url, 'dm.dehradun', deviceUuid(800));
      const { body: other } = await signIn(server.url, 'adm.dehradun', deviceUuid(801));
      expect((await searchAs(server, flood.token, 'सीमांकन')).status).toBe(200);
      expect((await searchAs(server, flood.token, 'सीमांकन')).status).toBe(200);
      const refused = await searchAs(server, flood.token, 'सीमांकन');
      expect(refused.status).toBe(429);
      expect((refused.body as ApiError).error).toBe('tooManyRequests');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await searchAs(server, other.token, 'सीमांकन')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
