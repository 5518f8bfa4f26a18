import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { decodeFrame } from '@protocol/codec.ts';
import type { SyncRequest, SyncResponse } from '@protocol/messages.ts';
import { redundantRows } from './relay-checks.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { deviceUuid, signIn } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { eventually, type TestServer } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import { decodedBody, messagesIn, type WireMessage } from './wan-http.ts';
import type { SentChunk } from './wan-proxy.ts';

/**
 * The relay's upstream link with more than a page to move (issue 18: batched,
 * cursor-based, paged, resumable, gzip), on real processes. While the WAN is
 * down the clerk's files pile up at the relay and the kanungo's (from the field,
 * straight to the district) at the district, each well over a page (PAGE_BYTES)
 * in all; with the WAN back every exchange is read off the wire: the push goes
 * up in several requests, the pull comes down in several pages, each body
 * compressed (smaller on the wire than decoded), and every file arrives once.
 * Then a relay killed (SIGKILL) while a push's body is part-way up: the district
 * took nothing of it, the relay had recorded nothing, and started again it sends
 * it all once, its cursor where the district's answers leave it.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

/** A noting of some 11 KB (Devanagari is 3 bytes a character): a dozen are more than a page. */
const longNoting = (n: number): string =>
  `${n}: ` + 'खसरा संख्या की भूमि का मौके पर सीमांकन कर आख्या प्रस्तुत करें। '.repeat(60).trimEnd();

/** A sync request and the district's answer, as they crossed the WAN. */
interface WireExchange {
  readonly request: SyncRequest;
  readonly response: SyncResponse;
  readonly sent: WireMessage;
  readonly answered: WireMessage;
  /** Each body's length decoded. */
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/**
 * The sync exchanges in what the WAN recorded each way, each request with its answer
 * (the next on its connection), in the order the requests were sent.
 */
function exchangesIn(sent: readonly SentChunk[], answers: readonly SentChunk[]): WireExchange[] {
  const answersOf = new Map<number, WireMessage[]>();
  for (const m of messagesIn(answers))
    answersOf.set(m.connection, [...(answersOf.get(m.connection) ?? []), m]);
  const asked = new Map<number, number>();
  const found: WireExchange[] = [];
  for (const m of messagesIn(sent)) {
    const i = asked.get(m.connection) ?? 0;
    asked.set(m.connection, i + 1);
    const answer = answersOf.get(m.connection)?.[i];
    if (answer === undefined || !m.line.startsWith(`POST ${API.sync} `)) continue;
    const requestBody = decodedBody(m);
    const responseBody = decodedBody(answer);
    const request = decodeFrame(requestBody);
    const response = decodeFrame(responseBody);
    if (!request.ok || request.value.type !== 'syncRequest') throw new Error(m.line);
    if (!response.ok || response.value.type !== 'syncResponse') throw new Error(answer.line);
    found.push({
      request: request.value,
      response: response.value,
      sent: m,
      answered: answer,
      requestBytes: requestBody.byteLength,
      responseBytes: responseBody.byteLength,
    });
  }
  return found;
}

describe("the relay's upstream link with more than a page each way", () => {
  let world: RelayWorld;
  /** The kanungo in the field, on mobile data straight to the district. */
  let kanungo: Tablet;
  const reader = deviceUuid(94);
  let readerToken = '';

  /** Each record's updates as the district gives them to the district magistrate. */
  const atDistrict = async () => (await pullAll(world.district.url, readerToken, reader)).byRecord;
  const relayState = () =>
    JSON.parse(readFileSync(join(world.relayDir, 'relay-state.json'), 'utf8')) as {
      cursor: number;
      pushed: number;
    };

  /** `count` new files of `t`'s person, each with a long noting, sent to the tehsildar. */
  async function longFiles(t: Tablet, subject: string, count: number) {
    const files = new Map<RecordId, string>();
    for (let i = 0; i < count; i++)
      files.set(await fileSentTo(t, `${subject} ${i}`, TEHSILDAR, longNoting(i)), longNoting(i));
    return files;
  }

  /** Whether the district holds each of `files` with its one noting, sent to the tehsildar. */
  async function allAtDistrict(files: ReadonlyMap<RecordId, string>): Promise<boolean> {
    const there = await atDistrict();
    return [...files].every(([id, text]) => {
      const state = stateOf(there.get(id) ?? []);
      return state?.holder === TEHSILDAR && state.notes.map((n) => n.text).join() === text;
    });
  }

  /** Each of `files` stored once at the district: no row of it adds nothing to those before. */
  async function storedOnce(files: ReadonlyMap<RecordId, string>): Promise<void> {
    const there = await atDistrict();
    for (const id of files.keys()) expect(redundantRows(there.get(id) ?? [])).toEqual([]);
  }

  beforeAll(async () => {
    world = await startRelayWorld(1823, RELAY_ENV);
    const district: TestServer = {
      origin: () => world.district.url,
      dataDir: world.districtDir,
      restart: async () => undefined,
      close: async () => undefined,
    };
    kanungo = tablet(district, world.clock, seeded(1824));
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true });
    readerToken = (await signIn(world.district.url, 'dm.dehradun', reader)).body.token;
    // A relay's pull from position 0 includes its own pushes (the district's rule for a
    // device starting afresh): one file through first, so its pulls below carry only the field's.
    const first = await longFiles(world.clerk, 'प्रथम पत्रावली', 1);
    expect(await world.clerk.sync()).toBe('synced');
    await eventually(() => allAtDistrict(first), 30_000);
    await eventually(async () => relayState().cursor > 0, 30_000);
  }, 120_000);
  afterAll(() => world?.close());

  it('pushes and pulls page by page, every body compressed, every file once', async () => {
    const { clerk, tehsildar, wan } = world;
    wan.cut();
    const fromRelay = await longFiles(clerk, 'खसरा सीमांकन', 14);
    expect(await clerk.sync()).toBe('synced');
    // Over two pages: an answer to a push carries up to two (CATCH_UP_PAGES) when that is all.
    const fromField = await longFiles(kanungo, 'स्थलीय निरीक्षण', 26);
    expect(await kanungo.sync()).toBe('synced');

    const sent = wan.record();
    const answers = wan.recordAnswers();
    wan.restore();
    await eventually(() => allAtDistrict(fromRelay), 90_000);
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      const held = await tehsildar.db.records.bulkGet([...fromField.keys()]);
      return held.every((r) => r !== undefined);
    }, 90_000);
    // Through: the relay's last exchange pushed nothing and was given nothing more.
    await eventually(async () => {
      const last = exchangesIn(sent(), answers()).at(-1);
      return last?.request.updates.length === 0 && last.response.more === false;
    }, 30_000);

    const exchanges = exchangesIn(sent(), answers());
    const pushes = exchanges.filter((e) => e.request.updates.length > 0);
    const pulls = exchanges.filter((e) =>
      e.response.updates.some((u) => fromField.has(u.recordId)),
    );
    // Notings of some 11 KB, 14 up and 26 down: several exchanges each way.
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    expect(pulls.length).toBeGreaterThanOrEqual(2);
    for (const e of pushes) {
      expect(e.sent.headers.get('content-encoding')).toBe('gzip');
      expect(e.sent.body.byteLength).toBeLessThan(e.requestBytes);
    }
    for (const e of pulls) {
      // The relay asks for brotli first (`accept-encoding: br, gzip`, as Node's fetch lets it).
      expect(e.sent.headers.get('accept-encoding')).toBe('br, gzip');
      expect(e.answered.headers.get('content-encoding')).toBe('br');
      expect(e.answered.body.byteLength).toBeLessThan(e.responseBytes);
    }
    // Each page but the last says more follows; each exchange asks from where the one before ended.
    for (const e of pulls.slice(0, -1)) expect(e.response.more).toBe(true);
    for (const [i, e] of exchanges.slice(1).entries())
      expect(e.request.cursor).toBe(exchanges[i]?.response.cursor);
    // Every file once: pushed in one request (and stored once at the district), pulled in one page.
    const pushed = pushes.flatMap((e) => e.request.updates.map((u) => u.recordId));
    expect(pushed.toSorted()).toEqual([...fromRelay.keys()].toSorted());
    // Pulled: each row the district holds of the field's files, in one page only.
    const there = await atDistrict();
    for (const id of fromField.keys()) {
      const rows = (there.get(id) ?? []).map((u) => Buffer.from(u).toString('base64'));
      const pulled = pulls.flatMap((e) =>
        e.response.updates
          .filter((u) => u.recordId === id)
          .map((u) => Buffer.from(u.update).toString('base64')),
      );
      expect(pulled.toSorted()).toEqual(rows.toSorted());
    }
    await storedOnce(fromRelay);
    expect(relayState().cursor).toBe(exchanges.at(-1)?.response.cursor);
    expect(world.relay.output()).not.toContain('refused');
  }, 240_000);

  it('resumes a push whose body was part-way up when the relay was killed', async () => {
    const { clerk, wan } = world;
    wan.cut();
    const files = await longFiles(clerk, 'नामांतरण वाद', 8);
    expect(await clerk.sync()).toBe('synced');
    const before = relayState();

    // The WAN back; the relay's first push is let through 1 KB into its body, and held there.
    const held = wan.holdRequest(API.sync, 1024);
    wan.restore();
    await held;
    await world.stopRelay('kill');
    // The district took nothing of the cut request; the relay recorded nothing.
    const there = await atDistrict();
    expect([...files.keys()].filter((id) => there.has(id))).toEqual([]);
    expect(relayState()).toMatchObject({ cursor: before.cursor, pushed: before.pushed });

    await world.startRelay();
    await eventually(() => allAtDistrict(files), 90_000);
    await storedOnce(files);
    // Its cursor consistent: from it the next exchanges push nothing and are given nothing.
    // Recorded from fresh connections (the cut ends the open ones), each request with its answer.
    wan.cut();
    const sent = wan.record();
    const answers = wan.recordAnswers();
    wan.restore();
    await eventually(async () => exchangesIn(sent(), answers()).length >= 2, 30_000);
    const settled = relayState();
    expect(settled.pushed).toBeGreaterThan(before.pushed);
    for (const e of exchangesIn(sent(), answers())) {
      expect(e.request.updates).toEqual([]);
      expect(e.response.updates).toEqual([]);
      expect(e.request.cursor).toBe(settled.cursor);
      expect(e.response.cursor).toBe(settled.cursor);
    }
    expect(world.relay.output()).not.toContain('refused');
  }, 240_000);
});
