// The approver of a file's closure against a real server (issue 17): a confidential file
// closed with an officer's approval reaches that officer's tablet at its next sync (from its
// old cursor, all of it), and nobody else's; a close naming someone who may not approve it,
// or one made by a person on the list who does not hold the file, is refused as
// closureInvalid and stores nothing: no one is added to the list, the file stays open.
// The postgres project runs this file on PostgreSQL too (vite.config.ts).
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { asEventId, asPersonId, type RecordId } from '@domain/ids.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, stateOf, type TestRecord } from './server-sync-client.ts';
import {
  base,
  desk,
  gradedFile,
  laterSend,
  pullNew,
  push,
  type Desk,
} from './confidential-client.ts';

const closeEvent = (actor: string, approvedBy: string, basis: string | null): RecordEvent => ({
  ...base(actor),
  type: 'closed',
  basis: basis === null ? null : asEventId(basis),
  remarks: '',
  approvedBy: asPersonId(approvedBy),
});

describe('a confidential file closed with an officer’s approval', () => {
  let server: TestServer;
  let clerk: Desk;
  let kanungo: Desk;
  let tehsildar: Desk;
  let sdm: Desk;
  let naib: Desk;
  const subject = 'सतर्कता जाँच, बंद / vigilance inquiry, closed';
  const file = gradedFile('clerk.vikasnagar', 'vikasnagar', subject, 'confidential');
  const held = gradedFile('clerk.vikasnagar', 'vikasnagar', 'गोपनीय / held by the naib', 'secret');
  const other = gradedFile('clerk.vikasnagar', 'vikasnagar', 'दूसरी / another', 'confidential');
  const open = newFile('clerk.vikasnagar', 'vikasnagar', 'खुली नस्ती / open file');

  const received = async (d: Desk): Promise<Set<RecordId>> =>
    new Set((await pullNew(server, d)).byRecord.keys());

  /** The record as the server holds it now (whole, from cursor 0, through `d`). */
  async function onServer(d: Desk, r: TestRecord) {
    const { byRecord } = await pullNew(server, { ...d, cursor: 0 });
    return stateOf(byRecord.get(r.id) ?? []);
  }

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, kanungo, tehsildar, sdm, naib] = (await Promise.all(
      [
        'clerk.vikasnagar',
        'kanungo.vikasnagar',
        'tehsildar.vikasnagar',
        'sdm.vikasnagar',
        'naib.vikasnagar',
      ].map((u) => desk(server, u)),
    )) as [Desk, Desk, Desk, Desk, Desk];
    for (const r of [file, held, other, open]) {
      const res = await push(server, clerk, r, r.update);
      expect(res.refusals).toEqual([]);
    }
    // Everyone has synced once (the open file): their cursors are past the files' creation.
    for (const d of [clerk, kanungo, tehsildar, sdm, naib]) await pullNew(server, d);
    expect(tehsildar.cursor).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reaches the approver at their next sync, all of it, and nobody else', async () => {
    const res = await push(
      server,
      clerk,
      file,
      append(file, [closeEvent('clerk.vikasnagar', 'tehsildar.vikasnagar', null)]),
    );
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const got = await pullNew(server, tehsildar);
    const state = stateOf(got.byRecord.get(file.id) ?? []);
    expect(state?.meta.subject).toBe(subject);
    expect(state?.status).toBe('closed');
    expect(state?.closure).toMatchObject({
      by: 'clerk.vikasnagar',
      approvedBy: 'tehsildar.vikasnagar',
    });
    for (const d of [kanungo, sdm, naib]) expect((await received(d)).has(file.id)).toBe(false);
  });

  it('refuses a close naming someone who may not approve it, storing nothing', async () => {
    const before = Y.encodeStateVector(other.doc);
    for (const who of ['kanungo.vikasnagar', 'tehsildar.chakrata', 'nobody']) {
      const res = await push(
        server,
        clerk,
        other,
        append(other, [closeEvent('clerk.vikasnagar', who, null)]),
      );
      expect(res.acks).toEqual([]);
      expect(res.refusals.map((r) => r.reason)).toEqual(['closureInvalid']);
      expect(res.refusals[0]?.detail).toMatch(/may not approve/);
      // The refused close is not on the server: take it out of the test's copy too.
      resetTo(other, await onServerUpdates(clerk, other));
    }
    expect(Y.encodeStateVector(other.doc)).toEqual(before);
    expect((await received(kanungo)).has(other.id)).toBe(false);
    const state = await onServer(clerk, other);
    expect(state?.status).toBe('active');
    expect(state?.readers).toEqual([]);
  });

  it('refuses a close by someone on the list who does not hold the file, storing nothing', async () => {
    const sent = laterSend('clerk.vikasnagar', 'naib.vikasnagar', null);
    expect((await push(server, clerk, held, append(held, [sent]))).refusals).toEqual([]);
    // The clerk created it and is on its list, but the naib holds it now; the clerk saw that.
    const res = await push(
      server,
      clerk,
      held,
      append(held, [closeEvent('clerk.vikasnagar', 'sdm.vikasnagar', sent.id)]),
    );
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['closureInvalid']);
    expect(res.refusals[0]?.detail).toMatch(/notHolder/);
    expect((await received(sdm)).has(held.id)).toBe(false);
    const state = await onServer(naib, held);
    expect(state?.status).toBe('active');
    expect(state?.holder).toBe('naib.vikasnagar');
    expect(state?.readers).toEqual([]);
    expect(state?.conflicts).toEqual([]);
  });

  async function onServerUpdates(d: Desk, r: TestRecord) {
    const { byRecord } = await pullNew(server, { ...d, cursor: 0 });
    return byRecord.get(r.id) ?? [];
  }
});

function resetTo(r: TestRecord, updates: readonly Uint8Array[]): void {
  r.doc.destroy();
  Object.assign(r, { doc: new Y.Doc() });
  Y.applyUpdate(r.doc, Y.mergeUpdates([...updates]));
}
