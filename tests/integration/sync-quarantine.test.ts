import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asEventId, asPersonId } from '@domain/ids.ts';
import type { NotingEvent } from '@domain/events.ts';
import { loadRecordDoc, stateOfDoc, storeLocalChange } from '@storage/db/record-store.ts';
import { searchTables } from '@storage/db/search-rows.ts';
import { createFile, listQuarantine } from '@storage/services.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  startServer,
  syncUntilClean,
  uuidFrom,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a change the server refuses', () => {
  it('is quarantined with its reason, the record is reset to the server state, and it is not resent', async () => {
    const clock = createClock();
    const random = mulberry32(3);
    server = await startServer(clock, random);
    const clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    const file = await createFile(clerk.ctx, { subject: 'Forgery attempt', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    await syncUntilClean(clerk);
    const serverCopy = (await snapshotDevice(clerk, clock.now())).get(file.value.id);

    // A noting signed in someone else's name, written straight into the device store.
    const { db } = clerk;
    await db.transaction(
      'rw',
      [db.updates, db.outbox, db.records, ...searchTables(db)],
      async () => {
        const doc = await loadRecordDoc(db, file.value.id);
        const state = stateOfDoc(doc, clock.now());
        if (state === null) throw new Error('the file is on the device');
        const forged: NotingEvent = {
          type: 'noting',
          id: asEventId(uuidFrom(random)),
          actor: asPersonId('tehsildar.vikasnagar'),
          hlc: state.meta.createdAt,
          deviceTime: clock.now(),
          clockVerified: true,
          text: 'Approved (forged)',
        };
        const change = { meta: null, events: [forged] };
        await storeLocalChange(db, file.value.id, doc, change, state, clock.now());
        doc.destroy();
      },
    );
    expect(await clerk.db.outbox.count()).toBe(1);

    const outcome = await clerk.engine.syncNow();
    expect(outcome.kind).toBe('synced');
    const quarantined = await listQuarantine(clerk.db);
    expect(quarantined.map((q) => [q.recordId, q.reason])).toEqual([
      [file.value.id, 'actorMismatch'],
    ]);
    expect(await clerk.db.outbox.count()).toBe(0);
    const after = (await snapshotDevice(clerk, clock.now())).get(file.value.id);
    expect(after?.state?.notes).toEqual([]);
    expect(after?.content).toEqual(serverCopy?.content);

    const requests = clerk.link.requests;
    await clerk.engine.syncNow();
    expect(clerk.link.requests).toBe(requests + 1); // one idle exchange, nothing resent
    expect(await listQuarantine(clerk.db)).toHaveLength(1);
    expect(clerk.engine.status.getSnapshot()).toMatchObject({ state: 'synced', pending: 0 });
  });
});
