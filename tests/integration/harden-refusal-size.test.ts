import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PAGE_BYTES, PROTOCOL_VERSION } from '@protocol/messages.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, postFrame, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 3, against a real server: a refusal carries the record's whole
 * state, so 254 KiB of refused requests used to come back as 70 MiB. Each
 * record's state now goes at most once per response, and refusals share the
 * response's page: past it they wait for the next exchange.
 */

const JUNK = new Uint8Array([1, 2, 3]); // not a Yjs update: refused as updateMalformed

describe('refusals repeat no record', () => {
  let server: TestServer;
  const clerkTablet = deviceUuid(1);
  let clerk: string;
  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_SYNC_PER_MINUTE: '0' });
    clerk = (await signIn(server.url, 'clerk.vikasnagar', clerkTablet)).body.token;
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A file of the clerk's whose state is some 320 KB: 18 notings of 6,000 Devanagari characters. */
  async function bigFile() {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    let ref = 0;
    expect(
      (
        await sync(server.url, clerk, clerkTablet, 0, [
          { ref: ++ref, recordId: file.id, update: file.update },
        ])
      ).response.acks,
    ).toHaveLength(1);
    for (let batch = 0; batch < 3; batch++) {
      const notings = Array.from({ length: 6 }, (_, i) =>
        notingEvent('clerk.vikasnagar', `${batch}-${i} `.padEnd(6_000, 'अ')),
      );
      const update = append(file, notings);
      const { response } = await sync(server.url, clerk, clerkTablet, 0, [
        { ref: ++ref, recordId: file.id, update },
      ]);
      expect(response.refusals.map((r) => `${r.reason}: ${r.detail}`)).toEqual([]);
      expect(response.acks).toEqual([ref]);
    }
    return file;
  }

  const frameOf = (updates: { ref: number; recordId: string }[]) =>
    encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(clerkTablet),
      cursor: 0,
      updates: updates.map((u) => ({ ...u, recordId: u.recordId as never, update: JUNK })),
    });

  it('answers forty refused updates of one large record with its state once', async () => {
    const file = await bigFile();
    const refs = Array.from({ length: 40 }, (_, i) => ({ ref: i + 1, recordId: file.id }));
    const res = await postFrame(server.url, clerk, frameOf(refs));
    expect(res.status).toBe(200);
    if (res.frame.type !== 'syncResponse') throw new Error('expected a sync response');
    expect(res.frame.refusals).toHaveLength(1);
    const state = res.frame.refusals[0]?.serverState.length ?? 0;
    expect(res.frame.refusals[0]).toMatchObject({ ref: 1, reason: 'updateMalformed' });
    expect(state).toBeGreaterThan(PAGE_BYTES); // the record is larger than a page
    // Before: forty copies of the state (some 13 MB). Now one, and the response's page.
    expect(res.responseBytes).toBeLessThan(state + PAGE_BYTES);
    expect(res.frame.acks).toEqual([]);
  });

  it('lets refusals of other large records wait for the next exchange, once a page is full', async () => {
    const [a, b] = [await bigFile(), await bigFile()];
    const first = await postFrame(
      server.url,
      clerk,
      frameOf([
        { ref: 1, recordId: a.id },
        { ref: 2, recordId: b.id },
      ]),
    );
    if (first.frame.type !== 'syncResponse') throw new Error('expected a sync response');
    expect(first.frame.refusals.map((r) => r.ref)).toEqual([1]);
    // The device sends what got no answer again; now it is answered.
    const second = await postFrame(server.url, clerk, frameOf([{ ref: 2, recordId: b.id }]));
    if (second.frame.type !== 'syncResponse') throw new Error('expected a sync response');
    expect(second.frame.refusals).toMatchObject([
      { ref: 2, recordId: b.id, reason: 'updateMalformed' },
    ]);
  });
});
