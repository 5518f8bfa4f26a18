import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadRecordDoc, metaMap } from '@doc/record-doc.ts';
import { parseHlc } from '@domain/hlc.ts';
import { asPersonId } from '@domain/ids.ts';
import { dated, pullRecord, stateSeenBy, vikasnagarServer } from './record-order-client.ts';
import { deviceUuid, signIn } from './server-harness.ts';
import { append, newFile, notingEvent, sentEvent, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 1, against a real server: a client's clock cannot rewrite a
 * record's history (docs/decisions/0002-record-order.md). Each case is an
 * attack that worked when the fold ordered events by their claimed time.
 */

const DAY = 24 * 60 * 60 * 1000;

describe('a client clock cannot rewrite history', () => {
  const t = vikasnagarServer(501);

  it('a backdated duplicate send with the same basis is the conflict, not the real send', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const realSend = sentEvent('clerk.vikasnagar', 'naib.vikasnagar', null);
    const push1 = append(file, [realSend]);
    const first = await sync(t.server.url, t.clerk, t.clerkDevice, 0, [
      { ref: 1, recordId: file.id, update: Y.mergeUpdates([file.update, push1]) },
    ]);
    expect(first.response.acks).toEqual([1]);
    // The t.clerk, still holding his device, sends it again to another tehsil, dated 1 ms earlier.
    const forged = dated(
      sentEvent('clerk.vikasnagar', 'clerk.chakrata', null),
      parseHlc(realSend.hlc).wallMs - 1,
    );
    await sync(t.server.url, t.clerk, t.clerkDevice, first.response.cursor, [
      { ref: 2, recordId: file.id, update: append(file, [forged]) },
    ]);
    const now = t.server.clock.now + DAY;
    const seen = await stateSeenBy(t.server.url, t.reader, t.readerDevice, file.id, now);
    expect(seen.holder).toBe(asPersonId('naib.vikasnagar'));
    expect(seen.conflicts.map((c) => [c.event.id, c.reason])).toEqual([[forged.id, 'staleBasis']]);
    // Chakrata never held it, so it cannot read it.
    const chakrata = (await signIn(t.server.url, 'clerk.chakrata', deviceUuid(504))).body.token;
    const pulled = await pullRecord(t.server.url, chakrata, deviceUuid(504), file.id);
    expect(pulled.updates).toEqual([]);
  });

  it('a backdated noting does not renumber others’ finalised paragraphs', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const send = sentEvent('clerk.vikasnagar', 'naib.vikasnagar', null);
    const first = await sync(t.server.url, t.clerk, t.clerkDevice, 0, [
      { ref: 1, recordId: file.id, update: Y.mergeUpdates([file.update, append(file, [send])]) },
    ]);
    expect(first.response.acks).toEqual([1]);
    // The t.naib pulls the file and finalises three notings.
    const naibCopy = await pullRecord(t.server.url, t.naib, t.naibDevice, file.id);
    const naibDoc = loadRecordDoc(naibCopy.updates);
    const naibNotes = [1, 2, 3].map((i) => notingEvent('naib.vikasnagar', `अनुच्छेद ${i}`));
    const naibFile = { id: file.id, doc: naibDoc };
    const pushed = await sync(t.server.url, t.naib, t.naibDevice, 0, [
      { ref: 1, recordId: file.id, update: append(naibFile, naibNotes) },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    // The t.clerk's noting dated before all of them, at the file's creation: as early as
    // the t.server lets a claim be (further back is clockBehind, record-clock-refusals).
    const created = metaMap(file.doc).get('createdAt') as string;
    const backdated = dated(
      notingEvent('clerk.vikasnagar', 'पहले की टिप्पणी'),
      parseHlc(created).wallMs,
    );
    expect(parseHlc(backdated.hlc).wallMs).toBeLessThan(parseHlc(naibNotes[0]?.hlc ?? '').wallMs);
    const late = await sync(t.server.url, t.clerk, t.clerkDevice, first.response.cursor, [
      { ref: 3, recordId: file.id, update: append(file, [backdated]) },
    ]);
    expect(late.response.acks).toEqual([3]);
    const seen = await stateSeenBy(
      t.server.url,
      t.reader,
      t.readerDevice,
      file.id,
      t.server.clock.now,
    );
    // Ordered when it arrived, the t.clerk no longer held the file: a conflict, kept on view.
    expect(seen.notes.map((n) => [n.paragraph, n.eventId])).toEqual(
      naibNotes.map((n, i) => [i + 1, n.id]),
    );
    expect(seen.conflicts.map((c) => [c.event.id, c.reason])).toEqual([
      [backdated.id, 'notHolder'],
    ]);
    // The t.clerk's own device learnt the noting's place from the ack.
    const logged = late.response.logged?.find((l) => l.recordId === file.id);
    expect(logged?.entries.map((e) => e.eventId)).toEqual([backdated.id]);
  });

  it('a send made 32 days late but dated a minute after arrival counts from the last contact, unverified', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const arrived = t.server.clock.now;
    const toHim = dated(sentEvent('clerk.vikasnagar', 'tehsildar.vikasnagar', null), arrived);
    const first = await sync(t.server.url, t.clerk, t.clerkDevice, 0, [
      { ref: 1, recordId: file.id, update: Y.mergeUpdates([file.update, append(file, [toHim])]) },
    ]);
    expect(first.response.acks).toEqual([1]);
    // The tehsildar's tablet syncs every day (signing in again as sessions expire).
    const held = await pullRecord(t.server.url, t.reader, t.readerDevice, file.id);
    let lastContact = t.server.clock.now;
    const signedIn = async () =>
      (await signIn(t.server.url, 'tehsildar.vikasnagar', t.readerDevice)).body.token;
    for (let day = 1; day <= 31; day++) {
      t.server.clock.now = arrived + day * DAY;
      t.reader = await signedIn();
      await sync(t.server.url, t.reader, t.readerDevice, 0);
      lastContact = t.server.clock.now;
    }
    t.server.clock.now = arrived + 32 * DAY;
    t.reader = await signedIn();
    const hisCopy = { id: file.id, doc: loadRecordDoc(held.updates) };
    const onward = dated(
      sentEvent('tehsildar.vikasnagar', 'sdm.vikasnagar', toHim.id),
      arrived + 60_000,
    );
    const pushed = await sync(t.server.url, t.reader, t.readerDevice, 0, [
      { ref: 1, recordId: file.id, update: append(hisCopy, [onward]) },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    const sdm = (await signIn(t.server.url, 'sdm.vikasnagar', deviceUuid(505))).body.token;
    const seen = await stateSeenBy(t.server.url, sdm, deviceUuid(505), file.id, t.server.clock.now);
    expect(seen.holder).toBe(asPersonId('sdm.vikasnagar'));
    // Not the claimed minute: the last time his tablet was in touch, and not "clock verified".
    expect(seen.holderSince).toBe(lastContact);
    expect(seen.holderSinceVerified).toBe(false);
    const his = seen.hops.find((h) => h.holder === asPersonId('tehsildar.vikasnagar'));
    expect(his?.dwellMs).toBe(lastContact - arrived);
  });
});
