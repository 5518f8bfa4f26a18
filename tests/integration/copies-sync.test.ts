// Copies for information (issue 17, `Copy to`) against a real server: a copy holder's
// tablet receives the file (of another office, and confidential too), someone neither
// holder nor copy holder does not; a copy holder may mark it seen; a move by a copy
// holder built on the file's latest move is refused as copyOnly and nothing is stored.
// The sender withdraws a copy: the copy holder's next pull drops it from their For
// information list; a withdrawal by someone who never sent that copy (the holder, the
// copy holder) is refused as withdrawInvalid and stores nothing.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent, SentEvent } from '@domain/events.ts';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { projectRecord } from '@domain/projection.ts';
import { newFile } from './server-sync-client.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, stateOf, type TestRecord } from './server-sync-client.ts';
import {
  base,
  desk,
  gradedFile,
  laterSend,
  pullNew,
  push,
  type Desk,
} from './confidential-client.ts';

const copySend = (actor: string, to: string, copyTo: string[]): SentEvent => ({
  ...(laterSend(actor, to, null) as SentEvent),
  copyTo: copyTo.map(asPersonId),
});

describe('a file sent with Copy to', () => {
  let server: TestServer;
  let clerk: Desk;
  let tehsildar: Desk;
  let kanungo: Desk;
  let ckClerk: Desk;
  let ckTehsildar: Desk;
  let sent: RecordEvent;
  const subject = 'सीमांकन विवाद / boundary dispute';
  const file = gradedFile('clerk.vikasnagar', 'vikasnagar', subject, 'confidential');

  const received = async (d: Desk): Promise<Set<RecordId>> =>
    new Set((await pullNew(server, d)).byRecord.keys());
  /** The file as the server stores it, read afresh. */
  const stored = async () =>
    stateOf((await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(file.id) ?? []);

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, tehsildar, kanungo, ckClerk, ckTehsildar] = (await Promise.all(
      [
        'clerk.vikasnagar',
        'tehsildar.vikasnagar',
        'kanungo.vikasnagar',
        'clerk.chakrata',
        'tehsildar.chakrata',
      ].map((u) => desk(server, u)),
    )) as [Desk, Desk, Desk, Desk, Desk];
    expect((await push(server, clerk, file, file.update)).acks).toEqual([1]);
    for (const d of [tehsildar, kanungo, ckClerk, ckTehsildar]) await pullNew(server, d);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reaches the holder and each copy holder, from their old cursors, and nobody else', async () => {
    sent = copySend('clerk.vikasnagar', 'tehsildar.vikasnagar', ['clerk.chakrata']);
    const res = await push(server, clerk, file, append(file, [sent]));
    expect(res.refusals).toEqual([]);
    // Another office's clerk, copied on a confidential file: all of it, from their cursor.
    const got = await pullNew(server, ckClerk);
    const state = stateOf(got.byRecord.get(file.id) ?? []);
    expect(state?.meta.subject).toBe(subject);
    expect(state?.holder).toBe('tehsildar.vikasnagar');
    expect(state?.copies.map((c) => [c.person, c.seenAt])).toEqual([['clerk.chakrata', null]]);
    expect((await received(tehsildar)).has(file.id)).toBe(true);
    // Neither holder nor copy holder: the office's kanungo, the other office's tehsildar.
    expect((await received(kanungo)).has(file.id)).toBe(false);
    expect((await received(ckTehsildar)).has(file.id)).toBe(false);
  });

  it('refuses a move by the copy holder as copyOnly, storing nothing', async () => {
    const before = await stored();
    const copy = await copyOf(ckClerk);
    const forged = laterSend('clerk.chakrata', 'tehsildar.chakrata', sent.id);
    const res = await push(server, ckClerk, copy, append(copy, [forged]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['copyOnly']);
    expect(res.refusals[0]?.detail).toMatch(/clerk\.chakrata.*only a copy/);
    expect(await stored()).toEqual(before);
    expect((await received(ckTehsildar)).has(file.id)).toBe(false);
  });

  it('takes the copy holder’s Mark seen', async () => {
    const copy = await copyOf(ckClerk);
    const seen = { ...base('clerk.chakrata'), type: 'copySeen' } as RecordEvent;
    const res = await push(server, ckClerk, copy, append(copy, [seen]));
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const state = await stored();
    expect(state?.copies[0]?.seenAt).not.toBeNull();
    expect(state?.holder).toBe('tehsildar.vikasnagar');
  });

  it('drops a withdrawn copy from its holder’s For information list on their next pull', async () => {
    const plain = newFile(
      'clerk.vikasnagar',
      'vikasnagar',
      'Pension of a patwari',
      'VKN/REV/2026/12-1',
    );
    const toTehsildar = copySend('clerk.vikasnagar', 'tehsildar.vikasnagar', [
      'kanungo.vikasnagar',
    ]);
    const created = Y.mergeUpdates([plain.update, append(plain, [toTehsildar])]);
    expect((await push(server, clerk, plain, created)).acks).toEqual([1]);
    /** The file as the kanungo's tablet holds it after a pull from their cursor. */
    let held: Uint8Array[] = [];
    const kanungoPull = async () => {
      const got = await pullNew(server, kanungo);
      held = [...held, ...(got.byRecord.get(plain.id) ?? [])];
      return projectRecord(stateOf(held)!);
    };
    expect((await kanungoPull()).copiesUnseen).toEqual(['kanungo.vikasnagar']);

    // Neither the tehsildar (its holder) nor the kanungo sent that copy: their withdrawals
    // are refused as withdrawInvalid and nothing is stored; the copy stays.
    const storedPlain = async () =>
      (await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(plain.id) ?? [];
    const before = stateOf(await storedPlain());
    for (const [who, d] of [
      ['tehsildar.vikasnagar', tehsildar],
      ['kanungo.vikasnagar', kanungo],
    ] as const) {
      const forged = {
        ...base(who),
        type: 'copyWithdrawn',
        person: asPersonId('kanungo.vikasnagar'),
      } as RecordEvent;
      const theirs = { id: plain.id, doc: new Y.Doc() };
      Y.applyUpdate(theirs.doc, Y.mergeUpdates(await storedPlain()));
      const res1 = await push(server, d, theirs, append(theirs, [forged]));
      expect(res1.acks).toEqual([]);
      expect(res1.refusals.map((r) => r.reason)).toEqual(['withdrawInvalid']);
      expect(res1.refusals[0]?.detail).toMatch(new RegExp(`${who} never sent`));
    }
    expect(stateOf(await storedPlain())).toEqual(before);
    expect((await pullNew(server, kanungo)).byRecord.has(plain.id)).toBe(false);
    expect((await kanungoPull()).copiesUnseen).toEqual(['kanungo.vikasnagar']);

    // The sender withdraws it: gone from the kanungo's list on their next pull.
    const bySender = {
      ...base('clerk.vikasnagar'),
      type: 'copyWithdrawn',
      person: asPersonId('kanungo.vikasnagar'),
    } as RecordEvent;
    const res2 = await push(server, clerk, plain, append(plain, [bySender]));
    expect(res2.refusals).toEqual([]);
    expect(res2.acks).toEqual([1]);
    expect((await kanungoPull()).copiesUnseen).toEqual([]);
    const state = stateOf(held);
    expect(state?.copies).toEqual([]);
    expect(state?.conflicts).toEqual([]);
    expect(state?.holder).toBe('tehsildar.vikasnagar');
  });

  /** The record as `d` holds it (whole, from cursor 0). */
  async function copyOf(d: Desk): Promise<TestRecord> {
    const { byRecord } = await pullNew(server, { ...d, cursor: 0 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(byRecord.get(file.id) ?? []));
    return { id: file.id, doc };
  }
});
