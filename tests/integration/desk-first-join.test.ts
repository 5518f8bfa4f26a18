import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { decodeFrame } from '@protocol/codec.ts';
import type { JoinRequest } from '@protocol/messages.ts';
import {
  createFile,
  finaliseDraft,
  inboxQuery,
  recordStateQuery,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import { joinOnDevice } from '@storage/sync/join-state.ts';
import { joinProgress } from '@sync/join.ts';
import {
  createClock,
  createDevice,
  must,
  startServer,
  syncUntilClean,
  type OwnServer,
  type TestDevice,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * A fresh tablet joins desk first (decision 0012), against the real HTTP server,
 * device store and engine, with pages of 4 KB so the desk and the rest each take
 * several: when its first request past the desk leaves, the tablet already holds
 * the clerk's whole inbox (every file sent to them, with all of its notings) and
 * nothing else; then the rest of the office arrives without a single row sent twice.
 */

const CLERK = asPersonId('clerk.vikasnagar');

describe('a fresh tablet joins desk first', () => {
  const clock = createClock();
  const random = mulberry32(2020);
  let server: OwnServer;
  let kanungo: TestDevice;
  const sentToClerk: RecordId[] = [];
  const others: RecordId[] = [];

  beforeAll(async () => {
    server = await startServer(clock, random, {}, 4096);
    kanungo = await createDevice(server, 'kanungo.vikasnagar', clock, random);
    for (let i = 0; i < 16; i++) {
      const file = must(
        await createFile(kanungo.ctx, { subject: `Mutation of khata ${i}`, category: 'revenue' }),
      );
      must(await saveDraft(kanungo.ctx, file.id, `पटवारी की आख्या ${i}: ${'सीमांकन '.repeat(60)}`));
      must(await finaliseDraft(kanungo.ctx, file.id));
      // Files 3, 8 and 13 go to the clerk; the rest stay with the kanungo.
      if (i % 5 === 3) {
        must(
          await sendRecord(kanungo.ctx, file.id, {
            to: CLERK,
            remarks: 'please see',
            dueDate: null,
            priority: 'normal',
          }),
        );
        sentToClerk.push(file.id);
      } else others.push(file.id);
      await syncUntilClean(kanungo);
      clock.advance(60_000);
    }
  });
  afterAll(async () => {
    kanungo.db.close();
    await server.close();
  });

  it('holds the whole inbox before the rest, then everything, no row twice', async () => {
    const clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    const { db, engine } = clerk;
    const phases: string[] = [];
    const seen = new Set<string>();
    let twice = 0;
    let atRest: { inbox: RecordId[]; held: number; notings: number[] } | null = null;
    clerk.link.watch = {
      async request(body) {
        const req = body === null ? null : decodeFrame(body);
        const join: JoinRequest | undefined =
          req?.ok === true && req.value.type === 'syncRequest' ? req.value.join : undefined;
        phases.push(join?.phase ?? 'none');
        if (join?.phase === 'rest' && atRest === null) {
          const states = await Promise.all(
            sentToClerk.map((id) => recordStateQuery(db, id, clock.now())),
          );
          atRest = {
            inbox: (await inboxQuery(db, CLERK)).map((r) => r.id).sort(),
            held: await db.records.count(),
            notings: states.map((s) => s?.notes.length ?? -1),
          };
        }
      },
      response(bytes) {
        const frame = decodeFrame(bytes);
        if (frame.ok && frame.value.type === 'syncResponse')
          for (const u of frame.value.updates) {
            const key = `${u.recordId}@${u.seq}`;
            if (seen.has(key)) twice++;
            seen.add(key);
          }
      },
    };
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });

    // Desk pages first (more than one at 4 KB), then the rest by cursor.
    const desk = phases.filter((p) => p === 'desk').length;
    expect(desk).toBeGreaterThan(1);
    expect(phases.slice(0, desk).every((p) => p === 'desk')).toBe(true);
    expect(phases.slice(desk).filter((p) => p === 'rest').length).toBeGreaterThan(1);
    // When the rest began, the clerk's inbox was all there, with its notings, and nothing else.
    expect(atRest).toEqual({
      inbox: [...sentToClerk].sort(),
      held: sentToClerk.length,
      notings: sentToClerk.map(() => 1),
    });
    // Then the whole office, and not one row twice.
    expect(await db.records.count()).toBe(sentToClerk.length + others.length);
    expect(twice).toBe(0);
    const joined = await joinOnDevice(db, CLERK);
    expect(joinProgress(joined.state, joined.cursor)).toBeNull();
    // Later syncs page as any device does.
    phases.length = 0;
    expect((await engine.syncNow()).kind).toBe('synced');
    expect(phases).toEqual(['none']);
    engine.stop();
    db.close();
  });
});
