// Confidential and secret records against a real server (issue 17): a restricted record
// reaches by sync only the people on its access list (creator, holders, named readers);
// someone put on the list later receives all of it at their next sync; grade changes and
// access grants by the wrong people are refused by name and change nothing stored.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, stateOf, type TestRecord } from './server-sync-client.ts';
import {
  desk,
  gradedFile,
  gradeEvent,
  grantEvent,
  laterSend,
  pullNew,
  push,
  type Desk,
} from './confidential-client.ts';

describe('a confidential file syncs only to its access list', () => {
  let server: TestServer;
  let clerk: Desk;
  let kanungo: Desk;
  let tehsildar: Desk;
  let dm: Desk;
  let ckClerk: Desk;
  const secretSubject = 'सतर्कता जाँच / vigilance inquiry';
  const file = gradedFile('clerk.vikasnagar', 'vikasnagar', secretSubject, 'confidential');
  const open = newFile('clerk.vikasnagar', 'vikasnagar', 'खुली नस्ती / open file');

  const received = async (d: Desk): Promise<Set<RecordId>> =>
    new Set((await pullNew(server, d)).byRecord.keys());

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, kanungo, tehsildar, dm, ckClerk] = (await Promise.all(
      [
        'clerk.vikasnagar',
        'kanungo.vikasnagar',
        'tehsildar.vikasnagar',
        'dm.dehradun',
        'clerk.chakrata',
      ].map((u) => desk(server, u)),
    )) as [Desk, Desk, Desk, Desk, Desk];
    for (const r of [file, open]) {
      const res = await push(server, clerk, r, r.update);
      expect(res.refusals).toEqual([]);
      expect(res.acks).toEqual([1]);
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reaches its creator; the office and the district get only the normal file', async () => {
    const mine = await pullNew(server, clerk);
    expect(stateOf(mine.byRecord.get(file.id) ?? [])?.grade).toBe('confidential');
    for (const d of [kanungo, tehsildar, dm]) {
      const got = await received(d);
      expect(got.has(open.id)).toBe(true);
      expect(got.has(file.id)).toBe(false);
    }
    expect(await received(ckClerk)).toEqual(new Set());
  });

  it('reaches the person it is sent to at their next sync, all of it', async () => {
    const sent = laterSend('clerk.vikasnagar', 'tehsildar.vikasnagar', null);
    expect((await push(server, clerk, file, append(file, [sent]))).acks).toEqual([1]);
    const got = await pullNew(server, tehsildar);
    const state = stateOf(got.byRecord.get(file.id) ?? []);
    expect(state?.meta.subject).toBe(secretSubject);
    expect(state?.holder).toBe('tehsildar.vikasnagar');
    expect(state?.grade).toBe('confidential');
    expect((await received(kanungo)).has(file.id)).toBe(false);
    expect((await received(dm)).has(file.id)).toBe(false);
  });

  it('reaches a reader the holder names, from their old cursor, and nobody else', async () => {
    const before = dm.cursor;
    expect(before).toBeGreaterThan(0);
    const grant = grantEvent('tehsildar.vikasnagar', 'dm.dehradun');
    const res = await push(server, tehsildar, file, append(file, [grant]));
    expect(res.refusals).toEqual([]);
    const got = await pullNew(server, dm);
    const state = stateOf(got.byRecord.get(file.id) ?? []);
    expect(state?.meta.subject).toBe(secretSubject);
    expect(state?.readers).toEqual(['dm.dehradun']);
    expect((await received(kanungo)).has(file.id)).toBe(false);
  });

  it('refuses a grant by someone on the list who does not hold it, storing nothing', async () => {
    // The clerk created it and sent it on: on the list, no longer the holder.
    const copy = await copyOf(clerk, file);
    const res = await push(
      server,
      clerk,
      copy,
      append(copy, [grantEvent('clerk.vikasnagar', 'kanungo.vikasnagar')]),
    );
    expect(res.acks).toEqual([]);
    expect(res.refusals.map((r) => r.reason)).toEqual(['gradeForbidden']);
    expect(res.refusals[0]?.detail).toMatch(/notHolder/);
    expect((await received(kanungo)).has(file.id)).toBe(false);
    const state = stateOf(
      (await pullNew(server, { ...tehsildar, cursor: 0 })).byRecord.get(file.id) ?? [],
    );
    expect(state?.readers).toEqual(['dm.dehradun']);
  });

  it('refuses a push by someone off the list as out of scope, sending nothing back', async () => {
    const copy = await copyOf(tehsildar, file);
    const res = await push(
      server,
      kanungo,
      copy,
      append(copy, [grantEvent('kanungo.vikasnagar', 'kanungo.vikasnagar')]),
    );
    expect(res.refusals.map((r) => [r.reason, r.serverState.length])).toEqual([['outOfScope', 0]]);
  });

  /** A copy of the record as `d` holds it (whole, from cursor 0). */
  async function copyOf(d: Desk, r: TestRecord): Promise<TestRecord> {
    const { byRecord } = await pullNew(server, { ...d, cursor: 0 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(byRecord.get(r.id) ?? []));
    return { id: r.id, doc };
  }
});

describe('who may change a record’s grade, judged by the server', () => {
  let server: TestServer;
  let clerk: Desk;
  let kanungo: Desk;
  let tehsildar: Desk;
  let naib: Desk;
  const file = newFile('clerk.vikasnagar', 'vikasnagar', 'सामान्य नस्ती / ordinary file');
  let head: string | null = null;

  /** Pushes events on the file as `d`; returns the refusal reasons and details. */
  async function act(d: Desk, ...events: ReturnType<typeof gradeEvent>[]) {
    const res = await push(server, d, file, append(file, events));
    if (res.refusals.length > 0) {
      // A refused change is not on the server: drop it from the test's copy too.
      const { byRecord } = await pullNew(server, { ...clerk, cursor: 0 });
      file.doc.destroy();
      Object.assign(file, { doc: new Y.Doc() });
      Y.applyUpdate(file.doc, Y.mergeUpdates(byRecord.get(file.id) ?? []));
    }
    return res.refusals.map((r) => `${r.reason}: ${r.detail}`);
  }
  const stored = async () =>
    stateOf((await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(file.id) ?? []);

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, kanungo, tehsildar, naib] = (await Promise.all(
      ['clerk.vikasnagar', 'kanungo.vikasnagar', 'tehsildar.vikasnagar', 'naib.vikasnagar'].map(
        (u) => desk(server, u),
      ),
    )) as [Desk, Desk, Desk, Desk];
    expect((await push(server, clerk, file, file.update)).acks).toEqual([1]);
    const sent = laterSend('clerk.vikasnagar', 'kanungo.vikasnagar', null);
    head = sent.id;
    expect(await act(clerk, sent)).toEqual([]);
    for (const d of [clerk, kanungo, tehsildar, naib]) await pullNew(server, d);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets the holder raise it; the office then receives nothing more of it', async () => {
    expect(await act(kanungo, gradeEvent('kanungo.vikasnagar', 'secret'))).toEqual([]);
    expect((await pullNew(server, naib)).byRecord.has(file.id)).toBe(false);
    expect((await pullNew(server, clerk)).byRecord.has(file.id)).toBe(true);
  });

  it.each([
    ['a grade it already has', () => gradeEvent('kanungo.vikasnagar', 'secret'), /notAllowed/],
    [
      'a lowering by a holder neither creator nor officer',
      () => gradeEvent('kanungo.vikasnagar', 'normal'),
      /only the creator or an officer/,
    ],
    [
      'a reader already on the list',
      () => grantEvent('kanungo.vikasnagar', 'clerk.vikasnagar'),
      /notAllowed/,
    ],
  ])('refuses %s as gradeForbidden, storing nothing', async (_, event, detail) => {
    const before = await stored();
    const refusals = await act(kanungo, event());
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^gradeForbidden: /);
    expect(refusals[0]).toMatch(detail);
    expect(await stored()).toEqual(before);
  });

  it('refuses a forged grade change (another’s name) and an unknown grade', async () => {
    const before = await stored();
    expect(await act(kanungo, gradeEvent('tehsildar.vikasnagar', 'confidential'))).toEqual([
      expect.stringMatching(/^actorMismatch: /),
    ]);
    expect(await act(kanungo, gradeEvent('kanungo.vikasnagar', 'topSecret'))).toEqual([
      expect.stringMatching(/^eventMalformed: .*grade/),
    ]);
    expect(await stored()).toEqual(before);
  });

  it('lets an officer holding it lower it; the office then receives all of it', async () => {
    const sent = laterSend('kanungo.vikasnagar', 'tehsildar.vikasnagar', head);
    expect(await act(kanungo, sent)).toEqual([]);
    expect(await act(tehsildar, gradeEvent('tehsildar.vikasnagar', 'normal'))).toEqual([]);
    const state = stateOf((await pullNew(server, naib)).byRecord.get(file.id) ?? []);
    expect(state?.grade).toBe('normal');
    expect(state?.gradeChanges.map((g) => [g.from, g.to, g.by])).toEqual([
      ['normal', 'secret', 'kanungo.vikasnagar'],
      ['secret', 'normal', 'tehsildar.vikasnagar'],
    ]);
  });
});
