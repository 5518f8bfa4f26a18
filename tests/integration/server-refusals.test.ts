import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventsArray, metaMap } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import {
  MAX_TAKEN_PER_REQUEST,
  MAX_UPDATE_BYTES,
  MIN_CLIENT_PROTOCOL,
  PROTOCOL_VERSION,
} from '@protocol/messages.ts';
import type { ErrorCode, PushedUpdate, RefusalReason } from '@protocol/messages.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import {
  append,
  newFile,
  notingEvent,
  postFrame,
  pullAll,
  sentEvent,
  sync,
} from './server-sync-client.ts';
import type { TestRecord } from './server-sync-client.ts';

/** A crafted malicious client: every refusal is named, nothing is stored, the server keeps serving. */

interface Device {
  readonly token: string;
  readonly deviceId: string;
}

describe('sync refusals', () => {
  let server: TestServer;
  let clerk: Device;
  let chakrata: Device;
  let dm: Device;
  let file: TestRecord & { update: Uint8Array };

  const login = async (username: string, n: number): Promise<Device> => {
    const deviceId = deviceUuid(n);
    return { token: (await signIn(server.url, username, deviceId)).body.token, deviceId };
  };

  /** Everything the district can see: seqs, records and bytes. */
  const fingerprint = async (): Promise<string> => {
    const all = await pullAll(server.url, dm.token, dm.deviceId);
    return JSON.stringify(
      [...all.byRecord].map(([id, us]) => [id, us.map((u) => Buffer.from(u).toString('hex'))]),
    );
  };

  const delta = (rec: TestRecord, change: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(rec.doc);
    change(rec.doc);
    return Y.encodeStateAsUpdate(rec.doc, before);
  };

  beforeAll(async () => {
    server = await startTestServer();
    clerk = await login('clerk.vikasnagar', 1);
    chakrata = await login('clerk.chakrata', 2);
    dm = await login('dm.dehradun', 3);
    file = newFile('clerk.vikasnagar', 'vikasnagar');
    const r = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(r.response.acks).toEqual([1]);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function expectRefused(
    who: () => Device,
    make: () => PushedUpdate,
    reason: RefusalReason,
    serverState: 'record' | 'empty',
  ): Promise<void> {
    const before = await fingerprint();
    const u = make();
    const good = newFile('clerk.vikasnagar', 'vikasnagar', 'साथ में भेजा / sent alongside');
    const d = who();
    const mixed = d === clerk ? [u, { ref: 99, recordId: good.id, update: good.update }] : [u];
    const r = await sync(server.url, d.token, d.deviceId, 0, mixed);
    expect(r.response.refusals.map((x) => [x.ref, x.recordId, x.reason])).toEqual([
      [u.ref, u.recordId, reason],
    ]);
    expect(r.response.refusals[0]?.detail.length).toBeGreaterThan(0);
    const state = r.response.refusals[0]?.serverState ?? new Uint8Array();
    if (serverState === 'empty') expect(state).toHaveLength(0);
    else expect(state.length).toBeGreaterThan(0);
    if (d === clerk) {
      expect(r.response.acks).toEqual([99]);
      const after = JSON.parse(await fingerprint()) as [string, string[]][];
      expect(after.filter(([id]) => id !== good.id)).toEqual(JSON.parse(before));
    } else {
      expect(await fingerprint()).toBe(before);
    }
  }

  it('refuses an update over MAX_UPDATE_BYTES', () =>
    expectRefused(
      () => clerk,
      () => ({ ref: 5, recordId: file.id, update: new Uint8Array(MAX_UPDATE_BYTES + 1) }),
      'updateTooLarge',
      'record',
    ));

  it('refuses bytes that are not a Yjs update', () =>
    expectRefused(
      () => clerk,
      () => ({ ref: 6, recordId: file.id, update: Uint8Array.of(255, 1, 2, 3) }),
      'updateMalformed',
      'record',
    ));

  it('refuses an event whose actor is not the signed-in person', () =>
    expectRefused(
      () => clerk,
      () => ({
        ref: 7,
        recordId: file.id,
        update: append(file, [notingEvent('tehsildar.vikasnagar', 'जाली')]),
      }),
      'actorMismatch',
      'record',
    ));

  /** A file the server has, with one noting: refused local edits to it never build on each other. */
  async function storedFile(): Promise<TestRecord> {
    const f = newFile('clerk.vikasnagar', 'vikasnagar');
    append(f, [notingEvent('clerk.vikasnagar', 'पहली टिप्पणी')]);
    const r = await sync(server.url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: f.id, update: Y.encodeStateAsUpdate(f.doc) },
    ]);
    expect(r.response.acks).toEqual([1]);
    return f;
  }

  it('refuses deleting an event', async () => {
    const f = await storedFile();
    await expectRefused(
      () => clerk,
      () => ({ ref: 8, recordId: f.id, update: delta(f, (doc) => eventsArray(doc).delete(0, 1)) }),
      'eventsDeleted',
      'record',
    );
  });

  it('refuses changing meta of an existing record', async () => {
    const f = await storedFile();
    await expectRefused(
      () => clerk,
      () => ({
        ref: 9,
        recordId: f.id,
        update: delta(f, (doc) => metaMap(doc).set('subject', 'बदला')),
      }),
      'metaChanged',
      'record',
    );
  });

  it('refuses content outside meta, events and letter', async () => {
    const f = await storedFile();
    await expectRefused(
      () => clerk,
      () => ({
        ref: 10,
        recordId: f.id,
        update: delta(f, (doc) => doc.getMap('evil').set('x', 1)),
      }),
      'unknownContent',
      'record',
    );
  });

  it('refuses an update whose dependencies the server lacks', () => {
    const f = newFile('clerk.vikasnagar', 'vikasnagar');
    const second = append(f, [sentEvent('clerk.vikasnagar', 'tehsildar.vikasnagar', null)]);
    return expectRefused(
      () => clerk,
      () => ({ ref: 11, recordId: f.id, update: second }),
      'missingDependencies',
      'empty',
    );
  });

  it("refuses another office's record without revealing it", () =>
    expectRefused(
      () => chakrata,
      () => ({
        ref: 12,
        recordId: file.id,
        update: append(file, [notingEvent('clerk.chakrata', 'घुसपैठ')]),
      }),
      'outOfScope',
      'empty',
    ));

  it('refuses a new record filed under another office', () =>
    expectRefused(
      () => chakrata,
      () => {
        const f = newFile('clerk.chakrata', 'vikasnagar');
        return { ref: 13, recordId: f.id, update: f.update };
      },
      'outOfScope',
      'empty',
    ));

  it('refuses an event type the role may not produce (a DM diarising)', async () => {
    const f = await storedFile();
    await expectRefused(
      () => dm,
      () => {
        const { id, actor, hlc, deviceTime, clockVerified } = notingEvent('dm.dehradun', '');
        const diarised: RecordEvent = {
          ...{ id, actor, hlc, deviceTime, clockVerified },
          type: 'diarised',
          from: 'आयुक्त कार्यालय / Commissioner office',
          letterNumber: 'C/12/2026',
          letterDate: '2026-03-30',
          mode: 'post',
        };
        return { ref: 14, recordId: f.id, update: append(f, [diarised]) };
      },
      'roleForbidden',
      'record',
    );
  });

  it('refuses an event that does not match the event schema', async () => {
    const f = await storedFile();
    await expectRefused(
      () => clerk,
      () => ({
        ref: 15,
        recordId: f.id,
        // An event with an id and type but no actor, clock or text.
        update: delta(f, (doc) => eventsArray(doc).push([{ id: 'e-1', type: 'noting' }])),
      }),
      'eventMalformed',
      'record',
    );
  });

  it('refuses an event whose id the record already has', async () => {
    const f = await storedFile();
    const first = eventsArray(f.doc).get(0) as RecordEvent;
    await expectRefused(
      () => clerk,
      () => ({
        ref: 16,
        recordId: f.id,
        update: append(f, [{ ...notingEvent('clerk.vikasnagar', 'दोबारा'), id: first.id }]),
      }),
      'eventDuplicated',
      'record',
    );
  });

  it('refuses a new record whose meta is malformed', () =>
    expectRefused(
      () => clerk,
      () => {
        const f = newFile('clerk.vikasnagar', 'vikasnagar');
        const broken = new Y.Doc();
        metaMap(broken).set('kind', 'file');
        metaMap(broken).set('subject', 'अधूरा / incomplete');
        return { ref: 17, recordId: f.id, update: Y.encodeStateAsUpdate(broken) };
      },
      'metaInvalid',
      'empty',
    ));

  it("refuses a new record whose meta names another record's id", () =>
    expectRefused(
      () => clerk,
      () => {
        const f = newFile('clerk.vikasnagar', 'vikasnagar');
        const other = newFile('clerk.vikasnagar', 'vikasnagar');
        return { ref: 18, recordId: other.id, update: f.update };
      },
      'metaInvalid',
      'empty',
    ));

  async function expectError(
    body: Uint8Array,
    token: string | null,
    status: number,
    code: ErrorCode,
  ): Promise<void> {
    const before = await fingerprint();
    const r = await postFrame(server.url, token, body);
    expect([r.status, r.frame.type === 'error' ? r.frame.code : r.frame.type]).toEqual([
      status,
      code,
    ]);
    expect(await fingerprint()).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }

  const request = (protocol: number, deviceId: string, updates: readonly PushedUpdate[] = []) =>
    encodeFrame({
      type: 'syncRequest',
      protocol,
      deviceId: asDeviceId(deviceId),
      cursor: 0,
      updates,
    });

  it('refuses malformed frames', async () => {
    await expectError(Uint8Array.of(1, 2, 3, 4), clerk.token, 400, 'frameMalformed');
    await expectError(
      encodeFrame({ type: 'announce', cursor: 3 }),
      clerk.token,
      400,
      'frameMalformed',
    );
    const truncated = request(PROTOCOL_VERSION, clerk.deviceId, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    await expectError(truncated.slice(0, truncated.length - 5), clerk.token, 400, 'frameMalformed');
  });

  it('refuses a request naming more taken refusals than the cap, storing nothing of it', () =>
    expectError(
      encodeFrame({
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(clerk.deviceId),
        cursor: 0,
        updates: [{ ref: 1, recordId: file.id, update: file.update }],
        taken: Array.from({ length: MAX_TAKEN_PER_REQUEST + 1 }, (_, i) => i + 1),
      }),
      clerk.token,
      400,
      'frameMalformed',
    ));

  it('refuses frames over MAX_FRAME_BYTES', () =>
    expectError(new Uint8Array(300 * 1024), clerk.token, 413, 'frameTooLarge'));

  it('refuses other protocol versions with clientTooOld / serverTooOld', async () => {
    await expectError(request(0, clerk.deviceId), clerk.token, 426, 'clientTooOld');
    // The previous build would hold records it cannot read as damaged: it is told to
    // update, and what it pushes waits in its outbox (nothing is stored).
    const fromOldBuild = request(MIN_CLIENT_PROTOCOL - 1, clerk.deviceId, [
      { ref: 1, recordId: file.id, update: append(file, [notingEvent('clerk.vikasnagar', 'x')]) },
    ]);
    await expectError(fromOldBuild, clerk.token, 426, 'clientTooOld');
    await expectError(
      request(PROTOCOL_VERSION + 1, clerk.deviceId),
      clerk.token,
      400,
      'serverTooOld',
    );
  });

  it('refuses a missing or revoked token and a token used by another device', async () => {
    const forged = request(PROTOCOL_VERSION, clerk.deviceId, [
      { ref: 1, recordId: file.id, update: append(file, [notingEvent('clerk.vikasnagar', 'x')]) },
    ]);
    await expectError(forged, null, 401, 'unauthenticated');
    await expectError(forged, chakrata.token, 403, 'deviceMismatch');
    const gone = await login('kanungo.vikasnagar', 9);
    await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gone.token}` },
    });
    await expectError(request(PROTOCOL_VERSION, gone.deviceId), gone.token, 401, 'unauthenticated');
  });
});
