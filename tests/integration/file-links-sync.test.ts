// Link file (issue 17) against a real server: a link naming a file of the office by its own
// number and subject is taken and reaches the file's readers; a link naming it by another
// subject, a confidential file, another office's file the pusher may not see, or a file the
// server does not know is refused as linkInvalid and changes nothing stored; an extra field
// is eventMalformed; a file created and linked in one push is taken; a file attached under
// another named by another number is refused as attachInvalid. The holder's Remove link
// is taken and reaches the readers; one by someone who never held the file is refused as
// unlinkInvalid and stores nothing. The linked file's holder removes the link from that
// file's side (fromLinked, an event on the linking file they never held): taken; by
// someone who never held the linked file: refused as unlinkInvalid, nothing stored.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import { projectRecord } from '@domain/projection.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, stateOf, sync, type TestRecord } from './server-sync-client.ts';
import {
  base,
  desk,
  gradedFile,
  laterSend,
  pullNew,
  push,
  type Desk,
} from './confidential-client.ts';

const linkTo = (actor: string, file: { id: string; number: string; subject: string }) =>
  ({
    ...base(actor),
    type: 'fileLinked',
    file: asRecordId(file.id),
    number: file.number,
    subject: file.subject,
  }) as RecordEvent;

describe('Link file at the server', () => {
  let server: TestServer;
  let clerk: Desk;
  let tehsildar: Desk;
  let ckClerk: Desk;
  const CLERK = 'clerk.vikasnagar';
  const a = newFile(CLERK, 'vikasnagar', 'सीमांकन खसरा 212', 'VKN/REV/2026/9-1');
  const b = newFile(CLERK, 'vikasnagar', 'Boundary of khasra 212', 'VKN/REV/2026/9-2');
  const secret = gradedFile(CLERK, 'vikasnagar', 'Inquiry', 'confidential');
  const chakrata = newFile('clerk.chakrata', 'chakrata', 'Chakrata road', 'CKT/REV/2026/9-3');
  const described = (f: TestRecord & { update: Uint8Array }, number: string, subject: string) => ({
    id: f.id,
    number,
    subject,
  });

  /** File A as the server stores it, read afresh. */
  const stored = async (id: RecordId) =>
    stateOf((await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(id) ?? []);

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, tehsildar, ckClerk] = (await Promise.all(
      [CLERK, 'tehsildar.vikasnagar', 'clerk.chakrata'].map((u) => desk(server, u)),
    )) as [Desk, Desk, Desk];
    for (const f of [a, b, secret])
      expect((await push(server, clerk, f, f.update)).acks).toEqual([1]);
    expect((await push(server, ckClerk, chakrata, chakrata.update)).acks).toEqual([1]);
    await pullNew(server, tehsildar);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a link naming a file by another subject, storing nothing', async () => {
    const before = await stored(a.id);
    const forged = linkTo(CLERK, described(b, 'VKN/REV/2026/9-2', 'Something else'));
    const res = await push(server, clerk, a, append(a, [forged]));
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['linkInvalid']);
    expect(res.refusals[0]?.detail).toMatch(/another number or subject/);
    expect(await stored(a.id)).toEqual(before);
    expect(before?.links).toEqual([]);
  });

  it('refuses links to a confidential file, another office’s file and an unknown one', async () => {
    const before = await stored(a.id);
    const targets = [
      described(secret, secret.doc.getMap('meta').get('number') as string, 'Inquiry'),
      described(chakrata, 'CKT/REV/2026/9-3', 'Chakrata road'),
      { id: '00000000-0000-4000-8000-00000000abcd', number: 'VKN/REV/2026/9-9', subject: 'x' },
    ];
    const details: string[] = [];
    for (const target of targets) {
      // A fresh copy of A each time: a refused update is not kept.
      const copy = await copyOf(clerk, a.id);
      const res = await push(server, clerk, copy, append(copy, [linkTo(CLERK, target)]));
      expect(res.refusals.map((r) => r.reason)).toEqual(['linkInvalid']);
      details.push(res.refusals[0]?.detail ?? '');
    }
    expect(details[0]).toMatch(/confidential/);
    // Another office's file is as unknown as a missing one: nothing about it is told.
    expect(details[1]).toMatch(/not known/);
    expect(details[1]).not.toMatch(/Chakrata road|CKT/);
    expect(details[2]).toMatch(/not known/);
    expect(await stored(a.id)).toEqual(before);
  });

  it('refuses a link with a field the schema does not know', async () => {
    const copy = await copyOf(clerk, a.id);
    const extra = {
      ...linkTo(CLERK, described(b, 'VKN/REV/2026/9-2', 'Boundary of khasra 212')),
      holder: 'x',
    };
    const res = await push(server, clerk, copy, append(copy, [extra as RecordEvent]));
    expect(res.refusals.map((r) => r.reason)).toEqual(['eventMalformed']);
  });

  it('takes a link naming the file by its own number and subject; its readers get it', async () => {
    const copy = await copyOf(clerk, a.id);
    const link = linkTo(CLERK, described(b, 'VKN/REV/2026/9-2', 'Boundary of khasra 212'));
    const res = await push(server, clerk, copy, append(copy, [link]));
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    // The office's tehsildar reads A: the link reaches their tablet.
    const got = await pullNew(server, tehsildar);
    expect(got.byRecord.has(a.id)).toBe(true);
    const state = await stored(a.id);
    expect(state?.links.map((l) => [l.file, l.number, l.subject])).toEqual([
      [b.id, 'VKN/REV/2026/9-2', 'Boundary of khasra 212'],
    ]);
    // The two files stay independent: B itself did not change.
    expect(got.byRecord.has(b.id)).toBe(false);
  });

  it('takes the holder’s Remove link; one by someone who never held the file is refused', async () => {
    const unlink = (actor: string) =>
      ({ ...base(actor), type: 'fileUnlinked', file: b.id }) as RecordEvent;
    // The tehsildar reads A but never held it: their removal is refused, nothing is stored.
    const before = await stored(a.id);
    const theirs = await copyOf(tehsildar, a.id);
    const res1 = await push(
      server,
      tehsildar,
      theirs,
      append(theirs, [unlink('tehsildar.vikasnagar')]),
    );
    expect(res1.acks).toEqual([]);
    expect(res1.refusals.map((r) => r.reason)).toEqual(['unlinkInvalid']);
    expect(res1.refusals[0]?.detail).toMatch(/tehsildar\.vikasnagar never held/);
    expect(await stored(a.id)).toEqual(before);
    expect(before?.links.map((l) => l.file)).toEqual([b.id]);
    // The holder removes it: gone from the record and from its projection row, for every reader.
    const copy = await copyOf(clerk, a.id);
    const res2 = await push(server, clerk, copy, append(copy, [unlink(CLERK)]));
    expect(res2.refusals).toEqual([]);
    expect(res2.acks).toEqual([1]);
    const state = await stored(a.id);
    expect(state?.links).toEqual([]);
    expect(projectRecord(state!).links).toEqual([]);
    expect(state?.conflicts).toEqual([]);
    const got = await pullNew(server, tehsildar);
    const seen = stateOf(
      (await pullNew(server, { ...tehsildar, cursor: 0 })).byRecord.get(a.id) ?? [],
    );
    expect(got.byRecord.has(a.id)).toBe(true);
    expect(seen?.links).toEqual([]);
  });

  it('takes a removal from the linked file’s side by its holder; refuses one by anyone else', async () => {
    const c = newFile(CLERK, 'vikasnagar', 'Survey of khasra 9', 'VKN/REV/2026/9-10');
    const d = newFile(CLERK, 'vikasnagar', 'Objection on khasra 9', 'VKN/REV/2026/9-11');
    const link = linkTo(CLERK, described(d, 'VKN/REV/2026/9-11', 'Objection on khasra 9'));
    const toTehsildar = laterSend(CLERK, 'tehsildar.vikasnagar', null);
    const { response } = await sync(server.url, clerk.token, clerk.deviceId, clerk.cursor, [
      { ref: 1, recordId: d.id, update: Y.mergeUpdates([d.update, append(d, [toTehsildar])]) },
      { ref: 2, recordId: c.id, update: Y.mergeUpdates([c.update, append(c, [link])]) },
    ]);
    expect(response.refusals).toEqual([]);
    const fromD = (actor: string) =>
      ({ ...base(actor), type: 'fileUnlinked', file: d.id, fromLinked: true }) as RecordEvent;
    // The naib never held D (nor C): refused, C unchanged.
    const naib = await desk(server, 'naib.vikasnagar');
    const before = await stored(c.id);
    const theirs = await copyOf(naib, c.id);
    const res1 = await push(server, naib, theirs, append(theirs, [fromD('naib.vikasnagar')]));
    expect(res1.acks).toEqual([]);
    expect(res1.refusals.map((r) => r.reason)).toEqual(['unlinkInvalid']);
    expect(res1.refusals[0]?.detail).toMatch(/naib\.vikasnagar never held VKN\/REV\/2026\/9-11/);
    expect(await stored(c.id)).toEqual(before);
    expect(before?.links.map((l) => l.file)).toEqual([d.id]);
    // The tehsildar holds D, never held C: taken, the link is gone from C for every reader.
    const hers = await copyOf(tehsildar, c.id);
    const res2 = await push(server, tehsildar, hers, append(hers, [fromD('tehsildar.vikasnagar')]));
    expect(res2.refusals).toEqual([]);
    expect(res2.acks).toEqual([1]);
    const state = await stored(c.id);
    expect(state?.links).toEqual([]);
    expect(state?.conflicts).toEqual([]);
    expect(state?.holder).toBe(CLERK);
  });

  it('takes a file created and linked to another new file in one push', async () => {
    const c = newFile(CLERK, 'vikasnagar', 'Mutation of khata 14', 'VKN/REV/2026/9-4');
    const d = newFile(CLERK, 'vikasnagar', 'Appeal on khata 14', 'VKN/REV/2026/9-5');
    const linked = append(d, [
      linkTo(CLERK, described(c, 'VKN/REV/2026/9-4', 'Mutation of khata 14')),
    ]);
    const { response } = await sync(server.url, clerk.token, clerk.deviceId, clerk.cursor, [
      { ref: 1, recordId: c.id, update: c.update },
      { ref: 2, recordId: d.id, update: Y.mergeUpdates([d.update, linked]) },
    ]);
    expect(response.refusals).toEqual([]);
    expect(response.acks).toEqual([1, 2]);
    expect((await stored(d.id))?.links.map((l) => l.file)).toEqual([c.id]);
  });

  it('refuses a file attached under one named by another number (attachInvalid), storing nothing', async () => {
    const before = await stored(b.id);
    const copy = await copyOf(clerk, b.id);
    const under = {
      ...base(CLERK),
      type: 'attachedUnder',
      file: a.id,
      number: 'VKN/REV/2026/9-7',
    } as RecordEvent;
    const res = await push(server, clerk, copy, append(copy, [under]));
    expect(res.refusals.map((r) => r.reason)).toEqual(['attachInvalid']);
    expect(res.refusals[0]?.detail).toMatch(/another number or subject/);
    expect(await stored(b.id)).toEqual(before);
    expect(before?.attachedUnder).toBeNull();
  });

  /** The record as `who` holds it (whole, from cursor 0). */
  async function copyOf(who: Desk, id: RecordId): Promise<TestRecord> {
    const { byRecord } = await pullNew(server, { ...who, cursor: 0 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(byRecord.get(id) ?? []));
    return { id, doc };
  }
});
