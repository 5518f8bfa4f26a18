// Records life cycle (issue 17) against a real server: a close whose retention category
// or review date the schedule does not allow is refused by name (retentionInvalid),
// storing nothing; a valid one is stored and read back by the district.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId, asPersonId } from '@domain/ids.ts';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, pullAll, stateOf, sync } from './server-sync-client.ts';

const CLERK = 'clerk.vikasnagar';
/** After the test client's files are made, before the test server's clock: 1 April 2026 (IST). */
const CLOSED_AT = Date.UTC(2026, 3, 1, 9, 30, 0);
let n = 0;

function closedEvent(retention: Record<string, unknown>): RecordEvent {
  n++;
  return {
    id: asEventId(`00000000-0000-4000-a000-${n.toString(16).padStart(12, '0')}`),
    type: 'closed',
    actor: asPersonId(CLERK),
    hlc: formatHlc({ wallMs: CLOSED_AT + n, counter: 0, node: CLERK }),
    deviceTime: CLOSED_AT + n,
    clockVerified: true,
    basis: null,
    remarks: '',
    ...retention,
  } as RecordEvent;
}

describe('retention at closing, judged by the server', () => {
  let server: TestServer;
  let clerk: string;
  let dm: string;
  const device = deviceUuid(1);
  const district = deviceUuid(2);
  const file = newFile(CLERK, 'vikasnagar', 'पुरानी नस्ती / old case');

  beforeAll(async () => {
    server = await startTestServer();
    clerk = (await signIn(server.url, CLERK, device)).body.token;
    dm = (await signIn(server.url, 'dm.dehradun', district)).body.token;
    const made = await sync(server.url, clerk, device, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(made.response.acks).toEqual([1]);
  });
  afterAll(async () => {
    await server.stop();
  });

  /** Pushes a close made on a copy of the stored file; returns the refusal reasons and details. */
  async function pushClose(retention: Record<string, unknown>) {
    const stored = (await pullAll(server.url, dm, district)).byRecord.get(file.id) ?? [];
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.mergeUpdates(stored));
    const update = append({ id: file.id, doc: copy }, [closedEvent(retention)]);
    const r = await sync(server.url, clerk, device, 0, [{ ref: 2, recordId: file.id, update }]);
    return { stored, response: r.response };
  }

  it.each([
    ['an unknown category', { retention: 'D', reviewDate: '2029-04-01' }, /category "D"/],
    ['C-11, beyond ten years', { retention: 'C-11', reviewDate: '2037-04-01' }, /category/],
    ['a category without a date', { retention: 'C-3' }, /go together/],
    ['a C-3 weeding before 3 years', { retention: 'C-3', reviewDate: '2029-03-31' }, /2029-04-01/],
    ['an A review before closing', { retention: 'A', reviewDate: '2026-03-31' }, /before/],
  ])('refuses %s as retentionInvalid, storing nothing', async (_, retention, detail) => {
    const { stored, response } = await pushClose(retention);
    expect(response.acks).toEqual([]);
    expect(response.refusals.map((r) => r.reason)).toEqual(['retentionInvalid']);
    expect(response.refusals[0]?.detail).toMatch(detail);
    const after = (await pullAll(server.url, dm, district)).byRecord.get(file.id);
    expect(after).toEqual(stored);
    expect(stateOf(after ?? [])?.status).toBe('active');
  });

  it('stores a valid close; the district reads its category and review date', async () => {
    const { response } = await pushClose({ retention: 'C-3', reviewDate: '2029-04-01' });
    expect(response.refusals).toEqual([]);
    expect(response.acks).toEqual([2]);
    const state = stateOf((await pullAll(server.url, dm, district)).byRecord.get(file.id) ?? []);
    expect(state?.status).toBe('closed');
    expect(state?.retention).toEqual({
      category: 'C-3',
      reviewDate: '2029-04-01',
      closedOn: '2026-04-01',
    });
  });
});
