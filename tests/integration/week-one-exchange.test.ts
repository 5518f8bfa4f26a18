import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { createFile, finaliseDraft, saveDraft, sendRecord } from '@storage/services.ts';
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
 * A tablet back from days offline, with work of its own to push, reconnects in one
 * exchange when what it lacks fits in two pages (CATCH_UP_PAGES), against the real
 * server, device store and engine, with pages of 4 KB: its push, its acks and the
 * whole catch-up travel in one request and one answer.
 */

const CLERK = asPersonId('clerk.vikasnagar');

describe('a week offline, reconnected', () => {
  const clock = createClock();
  const random = mulberry32(2026);
  let server: OwnServer;
  let kanungo: TestDevice;
  let clerk: TestDevice;
  const files: RecordId[] = [];

  beforeAll(async () => {
    server = await startServer(clock, random, {}, 4096);
    kanungo = await createDevice(server, 'kanungo.vikasnagar', clock, random);
    clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    for (let i = 0; i < 2; i++) {
      const file = must(
        await createFile(kanungo.ctx, { subject: `खसरा ${i}`, category: 'revenue' }),
      );
      must(
        await sendRecord(kanungo.ctx, file.id, {
          to: CLERK,
          remarks: 'please see',
          dueDate: null,
          priority: 'normal',
        }),
      );
      files.push(file.id);
    }
    await syncUntilClean(kanungo);
    await syncUntilClean(clerk);
  });
  afterAll(async () => {
    kanungo.db.close();
    clerk.db.close();
    await server.close();
  });

  it('pushes its work and pulls more than a page in one exchange', async () => {
    // The week: the clerk notes on a file offline; the kanungo makes files meanwhile,
    // more than a 4 KB page of them and less than two.
    must(await saveDraft(clerk.ctx, files[0] as RecordId, 'आख्या संलग्न है, कृपया देखें'));
    must(await finaliseDraft(clerk.ctx, files[0] as RecordId));
    const made: RecordId[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      const file = must(
        await createFile(kanungo.ctx, { subject: `सीमांकन ${i}`, category: 'revenue' }),
      );
      must(await saveDraft(kanungo.ctx, file.id, `पटवारी की आख्या ${i}: ${'सीमांकन '.repeat(25)}`));
      must(await finaliseDraft(kanungo.ctx, file.id));
      made.push(file.id);
    }
    await syncUntilClean(kanungo);
    const answers: number[] = [];
    clerk.link.watch = { response: (body) => answers.push(body.byteLength) };
    const outcome = await clerk.engine.syncNow();
    expect(outcome).toMatchObject({ kind: 'synced', pages: 1 });
    // One answer (decoded) larger than the 4 KB page.
    expect(answers).toHaveLength(1);
    expect(answers[0]).toBeGreaterThan(4096);
    expect(clerk.engine.status.getSnapshot().pending).toBe(0);
    for (const id of made) expect(await clerk.db.records.get(id)).toBeDefined();
  });
});
