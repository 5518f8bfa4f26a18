import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import {
  attachFileUnder,
  createFile,
  detachFile,
  pullBack,
  recordStateQuery,
  sendRecord,
} from '@storage/services.ts';
import {
  createClock,
  createDevice,
  startServer,
  syncUntilClean,
  type OwnServer,
  type TestDevice,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * A file attached under another (issue 17) between tablets on the real device
 * store and engine and a real server: the main file's send takes the attached
 * file to the same person on the sender's tablet, and the server's scope gives
 * the recipient's tablet (another office's tehsildar, who receives a file of the
 * tehsil only when it is sent to him) both files; the recipient sends them back
 * together, and once detached the attached file stays where it is.
 */

const plain = { remarks: 'for orders', dueDate: null, priority: 'normal' } as const;

describe('a file attached under another, between tablets', () => {
  const clock = createClock();
  const random = mulberry32(2024);
  let server: OwnServer;
  let clerk: TestDevice;
  let other: TestDevice;
  let main: RecordId;
  let under: RecordId;
  const OTHER = asPersonId('tehsildar.chakrata');
  const CLERK = asPersonId('clerk.vikasnagar');

  const stateOn = (d: TestDevice, id: RecordId) => recordStateQuery(d.db, id, clock.now());

  beforeAll(async () => {
    server = await startServer(clock, random);
    clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    other = await createDevice(server, 'tehsildar.chakrata', clock, random);
    const a = await createFile(clerk.ctx, { subject: 'Appeal on khata 14', category: 'revenue' });
    const b = await createFile(clerk.ctx, { subject: 'Mutation of khata 14', category: 'revenue' });
    if (!a.ok || !b.ok) throw new Error('could not create the files');
    main = a.value.id;
    under = b.value.id;
    expect(await attachFileUnder(clerk.ctx, main, under)).toEqual({ ok: true, value: undefined });
    await syncUntilClean(clerk);
  });
  afterAll(async () => {
    for (const d of [clerk, other]) d.db.close();
    await server.close();
  });

  it('sends the attached file with the main one, to the same holder, on both tablets', async () => {
    expect(await sendRecord(clerk.ctx, main, { to: OTHER, ...plain })).toMatchObject({ ok: true });
    // On the sender's tablet at once, before any sync.
    expect((await stateOn(clerk, under))?.holder).toBe(OTHER);
    await syncUntilClean(clerk);
    await syncUntilClean(other);
    const [m, u] = [await stateOn(other, main), await stateOn(other, under)];
    expect(m?.holder).toBe(OTHER);
    expect(m?.attached.map((a) => a.file)).toEqual([under]);
    expect(u?.holder).toBe(OTHER);
    expect(u?.attachedUnder?.file).toBe(main);
    expect(u?.conflicts).toEqual([]);
  });

  it('is not sent on by itself; the recipient sends both back together', async () => {
    expect(await sendRecord(other.ctx, under, { to: CLERK, ...plain })).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(await sendRecord(other.ctx, main, { to: CLERK, ...plain })).toMatchObject({ ok: true });
    await syncUntilClean(other);
    await syncUntilClean(clerk);
    expect((await stateOn(clerk, main))?.holder).toBe(CLERK);
    expect((await stateOn(clerk, under))?.holder).toBe(CLERK);
  });

  it('pulls back both, and once detached the file stays where it is', async () => {
    expect(await sendRecord(clerk.ctx, main, { to: OTHER, ...plain })).toMatchObject({ ok: true });
    expect(await pullBack(clerk.ctx, main)).toMatchObject({ ok: true });
    expect((await stateOn(clerk, under))?.holder).toBe(CLERK);
    expect(await detachFile(clerk.ctx, main, under)).toMatchObject({ ok: true });
    expect(await sendRecord(clerk.ctx, main, { to: OTHER, ...plain })).toMatchObject({ ok: true });
    await syncUntilClean(clerk);
    await syncUntilClean(other);
    expect((await stateOn(other, main))?.attached).toEqual([]);
    expect((await stateOn(clerk, under))?.holder).toBe(CLERK);
    expect((await stateOn(clerk, under))?.attachedUnder).toBeNull();
  });
});
