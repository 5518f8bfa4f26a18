// Volumes (issue 17) against a real server: the holder's close of the volume being written
// is taken and reaches the file's readers, who fold it into volume II with paragraph
// numbers running on; a close by someone who does not hold the file, of a volume beyond
// the current one, of an empty volume or on a receipt is refused as volumeInvalid and
// changes nothing stored; a close made from an older state (the same holder on a second
// tablet) is kept as a conflict, not refused.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asOfficeId, asPersonId, asRecordId, type EventId, type RecordId } from '@domain/ids.ts';
import { formatHlc } from '@domain/hlc.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, stateOf, type TestRecord } from './server-sync-client.ts';
import { base, desk, pullNew, push, type Desk } from './confidential-client.ts';

const CLERK = 'clerk.vikasnagar';
const TEHSILDAR = 'tehsildar.vikasnagar';
const noting = (actor: string, text: string) =>
  ({ ...base(actor), type: 'noting', text }) as RecordEvent;
const closeVolume = (actor: string, volume: number, basis: EventId | null = null) =>
  ({ ...base(actor), type: 'volumeClosed', basis, volume }) as RecordEvent;

function newReceipt(actor: string): TestRecord & { update: Uint8Array } {
  const id = asRecordId('00000000-0000-4000-8000-0000000c0101');
  const doc = createRecordDoc({
    schemaVersion: 1,
    kind: 'receipt',
    id,
    number: 'VKN/DAK/2026/77',
    subject: 'Letter from the SDM',
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(actor),
    createdAt: formatHlc({ wallMs: Date.UTC(2026, 3, 1, 8), counter: 0, node: actor }),
    createdDeviceTime: Date.UTC(2026, 3, 1, 8),
    clockVerified: true,
  });
  return { id, doc, update: Y.encodeStateAsUpdate(doc) };
}

describe('Close volume at the server', () => {
  let server: TestServer;
  let clerk: Desk;
  let tehsildar: Desk;
  const a = newFile(CLERK, 'vikasnagar', 'Pension of a retired patwari', 'VKN/REV/2026/11-1');
  const empty = newFile(CLERK, 'vikasnagar', 'Nothing noted yet', 'VKN/REV/2026/11-2');
  const receipt = newReceipt(CLERK);

  /** The record as the server stores it, read afresh. */
  const stored = async (id: RecordId) =>
    stateOf((await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(id) ?? []);

  /** The record as `who` holds it (whole, from cursor 0). */
  async function copyOf(who: Desk, id: RecordId): Promise<TestRecord> {
    const { byRecord } = await pullNew(server, { ...who, cursor: 0 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(byRecord.get(id) ?? []));
    return { id, doc };
  }

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, tehsildar] = (await Promise.all([CLERK, TEHSILDAR].map((u) => desk(server, u)))) as [
      Desk,
      Desk,
    ];
    const noted = Y.mergeUpdates([a.update, append(a, [noting(CLERK, 'Paragraph one.')])]);
    expect((await push(server, clerk, a, noted)).acks).toEqual([1]);
    for (const r of [empty, receipt])
      expect((await push(server, clerk, r, r.update)).acks).toEqual([1]);
    await pullNew(server, tehsildar);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a close by someone who does not hold the file, storing nothing', async () => {
    const before = await stored(a.id);
    const copy = await copyOf(tehsildar, a.id);
    const res = await push(server, tehsildar, copy, append(copy, [closeVolume(TEHSILDAR, 1)]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['volumeInvalid']);
    expect(res.refusals[0]?.detail).toMatch(/notHolder/);
    expect(await stored(a.id)).toEqual(before);
    expect(before?.volume).toBe(1);
  });

  it('refuses a volume beyond the current one, an empty volume and a receipt', async () => {
    const before = await Promise.all([a.id, empty.id, receipt.id].map(stored));
    const cases: [RecordId, RecordEvent][] = [
      [a.id, closeVolume(CLERK, 3)],
      [empty.id, closeVolume(CLERK, 1)],
      [receipt.id, closeVolume(CLERK, 1)],
    ];
    for (const [id, event] of cases) {
      const copy = await copyOf(clerk, id);
      const res = await push(server, clerk, copy, append(copy, [event]));
      expect(res.refusals.map((r) => r.reason)).toEqual(['volumeInvalid']);
    }
    expect(await Promise.all([a.id, empty.id, receipt.id].map(stored))).toEqual(before);
  });

  it('takes the holder’s close; readers fold volume II and paragraphs run on', async () => {
    const copy = await copyOf(clerk, a.id);
    const close = closeVolume(CLERK, 1);
    const res = await push(server, clerk, copy, append(copy, [close]));
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const next = await push(server, clerk, copy, append(copy, [noting(CLERK, 'Paragraph two.')]));
    expect(next.acks).toEqual([1]);
    // The tehsildar reads the file: their tablet folds volume II.
    const got = await pullNew(server, tehsildar);
    expect(got.byRecord.has(a.id)).toBe(true);
    const seen = stateOf(
      (await pullNew(server, { ...tehsildar, cursor: 0 })).byRecord.get(a.id) ?? [],
    );
    expect(seen?.volume).toBe(2);
    expect(seen?.volumes.map((v) => [v.volume, v.lastParagraph, v.by])).toEqual([[1, 1, CLERK]]);
    expect(seen?.notes.map((n) => n.paragraph)).toEqual([1, 2]);
  });

  it('keeps a close from an older state (a second tablet) as a conflict, not a refusal', async () => {
    const copy = await copyOf(clerk, a.id);
    const res = await push(server, clerk, copy, append(copy, [closeVolume(CLERK, 1)]));
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const s = await stored(a.id);
    expect(s?.volume).toBe(2);
    expect(s?.conflicts.map((c) => [c.event.type, c.reason])).toEqual([
      ['volumeClosed', 'staleBasis'],
    ]);
  });
});
