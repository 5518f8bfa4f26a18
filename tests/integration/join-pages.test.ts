import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '@protocol/codec.ts';
import { MAX_FRAME_BYTES, PAGE_BYTES } from '@protocol/messages.ts';
import { createFile, finaliseDraft, saveDraft } from '@storage/services.ts';
import { JOIN_PAGE_BYTES } from '../../sync-server/sync/handle-sync.ts';
import { createClock, createDevice, must, startServer, syncUntilClean } from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * A fresh tablet's join pages at JOIN_PAGE_BYTES, not PAGE_BYTES (docs/BENCHMARKS.md,
 * "Where the join's bytes go"): against the real server with its own page sizes, an
 * office of about 150 KB of updates comes in one answer, which still fits in a frame.
 */

describe("a join's pages", () => {
  it('hold one and a half ordinary pages, within a frame', async () => {
    const clock = createClock();
    const random = mulberry32(2027);
    const server = await startServer(clock, random);
    const kanungo = await createDevice(server, 'kanungo.vikasnagar', clock, random);
    for (let i = 0; i < 14; i++) {
      const file = must(
        await createFile(kanungo.ctx, { subject: `Mutation of khata ${i}`, category: 'revenue' }),
      );
      must(await saveDraft(kanungo.ctx, file.id, `पटवारी की आख्या ${i}: ${'सीमांकन '.repeat(500)}`));
      must(await finaliseDraft(kanungo.ctx, file.id));
      await syncUntilClean(kanungo);
      clock.advance(60_000);
    }
    const naib = await createDevice(server, 'naib.vikasnagar', clock, random);
    const answers: { frame: number; updates: number }[] = [];
    naib.link.watch = {
      response(bytes) {
        const frame = decodeFrame(bytes);
        if (frame.ok && frame.value.type === 'syncResponse')
          answers.push({
            frame: bytes.byteLength,
            updates: frame.value.updates.reduce((n, u) => n + u.update.byteLength, 0),
          });
      },
    };
    expect(await naib.engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(await naib.db.records.count()).toBe(14);
    const office = answers.reduce((n, a) => n + a.updates, 0);
    expect(office).toBeGreaterThan(PAGE_BYTES);
    expect(office).toBeLessThan(JOIN_PAGE_BYTES - 16 * 1024);
    // All of it in one answer (at PAGE_BYTES it took two), and no answer past a frame.
    expect(answers.filter((a) => a.updates > 0)).toHaveLength(1);
    expect(Math.max(...answers.map((a) => a.frame))).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    naib.engine.stop();
    naib.db.close();
    kanungo.engine.stop();
    kanungo.db.close();
    await server.close();
  });
});
