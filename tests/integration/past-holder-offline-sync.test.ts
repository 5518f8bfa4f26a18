// A past holder's offline work against a real server (DESIGN.md invariants 3 and 7): the
// tehsildar received a file and went offline; meanwhile its sender pulled it back (and
// closed it). What the tehsildar did offline on the file as they last saw it reaches the
// server in one update and is taken, each event kept as a conflict: never refused. Before,
// the server refused the whole update (their notings with it) when it carried a withdrawal
// of a copy their own conflicted send had made (withdrawInvalid), or an attach of the
// closed file under their own (attachInvalid). And someone the past holder sent the file
// to offline, on the office relay or a tablet they share (where that send took effect),
// removes its link and attaches it under their own file: the send is a conflict at the
// server, so they are not among its participants, and the server refused their update as
// one by someone who never held the file (unlinkInvalid, attachInvalid).
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent, SentEvent } from '@domain/events.ts';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, stateOf, sync, type TestRecord } from './server-sync-client.ts';
import {
  attachedUnderEvent,
  base,
  desk,
  fileAttachedEvent,
  laterSend,
  pullNew,
  push,
  type Desk,
} from './confidential-client.ts';

const CLERK = 'clerk.vikasnagar';
const TEHSILDAR = 'tehsildar.vikasnagar';
const KANUNGO = 'kanungo.vikasnagar';
const NAIB = 'naib.vikasnagar';

const noting = (actor: string, text: string) =>
  ({ ...base(actor), type: 'noting', text }) as RecordEvent;
const pullBack = (actor: string, basis: string) =>
  ({ ...base(actor), type: 'pulledBack', basis }) as RecordEvent;
const close = (actor: string, basis: string) =>
  ({ ...base(actor), type: 'closed', basis, remarks: '' }) as RecordEvent;

describe('a past holder’s offline work reaching the server', () => {
  let server: TestServer;
  let clerk: Desk;
  let tehsildar: Desk;

  /** The record as `who` holds it after a whole pull (their tablet's copy). */
  async function copyOf(who: Desk, id: RecordId): Promise<TestRecord> {
    const { byRecord } = await pullNew(server, { ...who, cursor: 0 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(byRecord.get(id) ?? []));
    return { id, doc };
  }
  const stored = async (id: RecordId) =>
    stateOf((await pullNew(server, { ...clerk, cursor: 0 })).byRecord.get(id) ?? []);

  /**
   * A file of the clerk's, sent to the tehsildar; the tehsildar's tablet takes its copy,
   * then the clerk pulls it back (and closes it, when asked) while the tablet is offline.
   */
  async function pulledBackFrom(closeToo: boolean): Promise<TestRecord> {
    const f = newFile(CLERK, 'vikasnagar', 'Mutation of khata 31');
    expect((await push(server, clerk, f, f.update)).acks).toEqual([1]);
    const sent = laterSend(CLERK, TEHSILDAR, null);
    expect((await push(server, clerk, f, append(f, [sent]))).acks).toEqual([1]);
    const offline = await copyOf(tehsildar, f.id);
    const back = pullBack(CLERK, sent.id);
    const later = closeToo ? [back, close(CLERK, back.id)] : [back];
    expect((await push(server, clerk, f, append(f, later))).acks).toEqual([1]);
    return offline;
  }

  beforeAll(async () => {
    server = await startTestServer();
    [clerk, tehsildar] = await Promise.all([desk(server, CLERK), desk(server, TEHSILDAR)]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('takes a send with Copy to and the withdrawal of that copy, both kept as conflicts', async () => {
    const offline = await pulledBackFrom(false);
    const head = stateOf([Y.encodeStateAsUpdate(offline.doc)])?.head ?? null;
    // Offline: a noting, the file sent on with a copy to the naib, then that copy withdrawn.
    const note = noting(TEHSILDAR, 'सीमांकन रिपोर्ट संलग्न है / demarcation report enclosed');
    const send = { ...laterSend(TEHSILDAR, KANUNGO, head), copyTo: [asPersonId(NAIB)] };
    const withdraw = {
      ...base(TEHSILDAR),
      type: 'copyWithdrawn',
      person: asPersonId(NAIB),
    } as RecordEvent;
    // On the tablet, as it was, each took effect.
    append(offline, [note, send as SentEvent, withdraw]);
    const mine = stateOf([Y.encodeStateAsUpdate(offline.doc)]);
    expect(mine?.conflicts).toEqual([]);
    expect(mine?.holder).toBe(KANUNGO);
    const res = await push(server, tehsildar, offline, Y.encodeStateAsUpdate(offline.doc));
    expect(res.refusals).toEqual([]);
    expect(res.acks).toEqual([1]);
    const state = await stored(offline.id);
    expect(state?.holder).toBe(CLERK);
    expect(state?.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [note.id, 'notHolder'],
      [send.id, 'staleBasis'],
      [withdraw.id, 'notAllowed'],
    ]);
  });

  it('takes the work of the person a past holder sent the file to, kept as conflicts', async () => {
    const kanungo = await desk(server, KANUNGO);
    const linked = newFile(CLERK, 'vikasnagar', 'Khata 32');
    expect((await push(server, clerk, linked, linked.update)).acks).toEqual([1]);
    const number = stateOf([Y.encodeStateAsUpdate(linked.doc)])!.meta.number;
    const f = newFile(CLERK, 'vikasnagar', 'Mutation of khata 32');
    const link = {
      ...base(CLERK),
      type: 'fileLinked',
      file: linked.id,
      number,
      subject: 'Khata 32',
    } as RecordEvent;
    const sent = laterSend(CLERK, TEHSILDAR, null);
    append(f, [link, sent]);
    const res0 = await push(server, clerk, f, Y.encodeStateAsUpdate(f.doc));
    expect(res0.refusals).toEqual([]);
    const offline = await copyOf(tehsildar, f.id);
    expect((await push(server, clerk, f, append(f, [pullBack(CLERK, sent.id)]))).acks).toEqual([1]);
    // The tehsildar, offline, sends it on to the kanungo (kept as a conflict at the server).
    const onward = laterSend(TEHSILDAR, KANUNGO, sent.id);
    expect((await push(server, tehsildar, offline, append(offline, [onward]))).refusals).toEqual(
      [],
    );
    // Where that send took effect, the kanungo works on the file: a noting, Remove link,
    // and the file attached under their own.
    const own = newFile(KANUNGO, 'vikasnagar', 'Khata 32 inspection');
    expect((await push(server, kanungo, own, own.update)).acks).toEqual([1]);
    const main = stateOf([Y.encodeStateAsUpdate(own.doc)])!.meta;
    const theirs = await copyOf(kanungo, f.id);
    const theFile = stateOf([Y.encodeStateAsUpdate(theirs.doc)])!.meta;
    const note = noting(KANUNGO, 'स्थल निरीक्षण किया / site inspected');
    const unlink = { ...base(KANUNGO), type: 'fileUnlinked', file: linked.id } as RecordEvent;
    const under = attachedUnderEvent(KANUNGO, main);
    const attached = fileAttachedEvent(KANUNGO, theFile);
    const { response } = await sync(server.url, kanungo.token, kanungo.deviceId, 0, [
      { ref: 1, recordId: f.id, update: append(theirs, [note, unlink, under]) },
      { ref: 2, recordId: own.id, update: append(own, [attached]) },
    ]);
    expect(response.refusals).toEqual([]);
    expect(response.acks).toEqual([1, 2]);
    const state = await stored(f.id);
    expect(state?.holder).toBe(CLERK);
    expect(state?.links.map((l) => l.file)).toEqual([linked.id]);
    expect(state?.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [onward.id, 'staleBasis'],
      [note.id, 'notHolder'],
      [unlink.id, 'notHolder'],
      [under.id, 'notHolder'],
    ]);
    // Someone neither holding it nor sent it is still refused.
    const naib = await desk(server, NAIB);
    const forged = await copyOf(naib, f.id);
    const strange = { ...base(NAIB), type: 'fileUnlinked', file: linked.id } as RecordEvent;
    const res = await push(server, naib, forged, append(forged, [strange]));
    expect(res.refusals.map((r) => r.reason)).toEqual(['unlinkInvalid']);
  });

  it('takes an attach of the file, pulled back and closed meanwhile, under their own', async () => {
    const offline = await pulledBackFrom(true);
    const own = { ...newFile(TEHSILDAR, 'vikasnagar', 'Khata 31 appeal'), number: '' };
    expect((await push(server, tehsildar, own, own.update)).acks).toEqual([1]);
    const main = stateOf([Y.encodeStateAsUpdate(own.doc)])!.meta;
    const theFile = stateOf([Y.encodeStateAsUpdate(offline.doc)])!.meta;
    const note = noting(TEHSILDAR, 'अपील के साथ रखें / keep with the appeal');
    const under = attachedUnderEvent(TEHSILDAR, main);
    const attached = fileAttachedEvent(TEHSILDAR, theFile);
    const { response } = await sync(server.url, tehsildar.token, tehsildar.deviceId, 0, [
      { ref: 1, recordId: offline.id, update: append(offline, [note, under]) },
      { ref: 2, recordId: own.id, update: append(own, [attached]) },
    ]);
    expect(response.refusals).toEqual([]);
    expect(response.acks).toEqual([1, 2]);
    const state = await stored(offline.id);
    expect(state?.status).toBe('closed');
    expect(state?.attachedUnder).toBeNull();
    expect(state?.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [note.id, 'recordClosed'],
      [under.id, 'recordClosed'],
    ]);
  });
});
