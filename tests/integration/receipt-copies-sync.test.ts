// A receipt sent to several people (issue 17, decision 0009) against a real server: the
// SDM (whose role does not diarise) sends a diarised receipt to the tehsildar and makes a
// copy for another office's clerk; the server takes the copy (copiedFrom as its first
// event) and the original's receiptCopied, and each recipient's tablet receives only its own.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, stateOf, type TestRecord } from './server-sync-client.ts';
import { base, desk, laterSend, pullNew, push, type Desk } from './confidential-client.ts';

const LETTER = {
  from: 'Collector Dehradun',
  letterNumber: '77/Flood',
  letterDate: '2026-03-30',
  mode: 'post',
} as const;

function receipt(
  id: string,
  number: string,
  actor: string,
  events: RecordEvent[],
): TestRecord & { update: Uint8Array } {
  const doc = createRecordDoc({
    schemaVersion: 1,
    kind: 'receipt',
    id: asRecordId(id),
    number,
    subject: 'बाढ़ राहत / flood relief',
    category: 'disasterRelief',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(actor),
    createdAt: formatHlc({ wallMs: Date.UTC(2026, 3, 1, 9, 30), counter: 0, node: actor }),
    createdDeviceTime: Date.UTC(2026, 3, 1, 9, 30),
    clockVerified: true,
  });
  const rec = { id: asRecordId(id), doc };
  append(rec, events);
  return { ...rec, update: Y.encodeStateAsUpdate(doc) };
}

describe('a receipt sent to several people', () => {
  let server: TestServer;
  let clerk: Desk;
  let sdm: Desk;
  let tehsildar: Desk;
  let ckClerk: Desk;

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, sdm, tehsildar, ckClerk] = (await Promise.all(
      ['clerk.vikasnagar', 'sdm.vikasnagar', 'tehsildar.vikasnagar', 'clerk.chakrata'].map((u) =>
        desk(server, u),
      ),
    )) as [Desk, Desk, Desk, Desk];
  });
  afterAll(async () => {
    await server.stop();
  });

  it('takes the copy and the original’s record of it; each recipient receives their own', async () => {
    const diarised = { ...base('clerk.vikasnagar'), type: 'diarised', ...LETTER } as RecordEvent;
    const toSdm = laterSend('clerk.vikasnagar', 'sdm.vikasnagar', null);
    const original = receipt(
      '00000000-0000-4000-8000-00000000c001',
      'VKN/DAK/2026/1-1',
      'clerk.vikasnagar',
      [diarised, toSdm],
    );
    expect((await push(server, clerk, original, original.update)).acks).toEqual([1]);

    const copiedFrom = {
      ...base('sdm.vikasnagar'),
      type: 'copiedFrom',
      receipt: original.id,
      number: 'VKN/DAK/2026/1-1',
      ...LETTER,
    } as RecordEvent;
    const toChakrata = laterSend('sdm.vikasnagar', 'clerk.chakrata', null);
    const copy = receipt(
      '00000000-0000-4000-8000-00000000c002',
      'VKN/DAK/2026/4-1',
      'sdm.vikasnagar',
      [copiedFrom, toChakrata],
    );
    const made = {
      ...base('sdm.vikasnagar'),
      type: 'receiptCopied',
      copy: copy.id,
      number: 'VKN/DAK/2026/4-1',
      to: asPersonId('clerk.chakrata'),
    } as RecordEvent;
    const toTehsildar = laterSend('sdm.vikasnagar', 'tehsildar.vikasnagar', toSdm.id);
    const res = await push(server, sdm, copy, copy.update);
    expect(res.refusals).toEqual([]);
    const res2 = await push(server, sdm, original, append(original, [made, toTehsildar]));
    expect(res2.refusals).toEqual([]);

    const theirs = await pullNew(server, ckClerk);
    expect([...theirs.byRecord.keys()]).toEqual([copy.id]);
    const state = stateOf(theirs.byRecord.get(copy.id) ?? []);
    expect(state?.copyOf).toEqual({ receipt: original.id, number: 'VKN/DAK/2026/1-1' });
    expect([state?.holder, state?.letter?.letterNumber]).toEqual(['clerk.chakrata', '77/Flood']);
    const hers = stateOf((await pullNew(server, tehsildar)).byRecord.get(original.id) ?? []);
    expect(hers?.holder).toBe('tehsildar.vikasnagar');
    expect(hers?.receiptCopies.map((c) => [c.number, c.to])).toEqual([
      ['VKN/DAK/2026/4-1', 'clerk.chakrata'],
    ]);
  });
});
