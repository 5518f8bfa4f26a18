import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import type { RecordId } from '@domain/ids.ts';
import { RecordConflictError } from '../../sync-server/storage/types.ts';
import {
  contentOf,
  item,
  R1,
  R2,
  R3,
  row,
  VKN,
  writer,
  type LogCore,
  type LogHarness,
} from './server-storage-fixtures.ts';

/**
 * The contract's concurrency cases (docs/decisions/0007-storage-contract.md), run on
 * two or three handles of one store: what two server instances on one database do.
 */

const DISTRICT = { kind: 'district' } as const;

/** Exactly one of two commits fulfilled; the other rejected with RecordConflictError. */
function oneWins(results: PromiseSettledResult<readonly number[]>[]) {
  const won = results.findIndex((r) => r.status === 'fulfilled');
  const lost = results.find((r) => r.status === 'rejected');
  expect(won).toBeGreaterThanOrEqual(0);
  expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(RecordConflictError);
  return { won, error: (lost as PromiseRejectedResult).reason as RecordConflictError };
}

const record = (n: number): RecordId =>
  asRecordId(`00000000-0000-4000-8000-1${n.toString().padStart(11, '0')}`);

export function runConcurrencyContract(name: string, makeHarness: () => Promise<LogHarness>): void {
  describe(`LogCore contract, two writers: ${name}`, () => {
    let harness: LogHarness;
    let a: LogCore;
    let b: LogCore;
    beforeEach(async () => {
      harness = await makeHarness();
      a = await harness.open();
      b = await harness.open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await harness.cleanup();
    });

    it('of two writers judged against one head, one commits; the other writes nothing until it reads again', async () => {
      const w = writer();
      await a.commit([item(R1, VKN, w('created', 'yes'), { expectedHead: 0 })], 1);
      const head = await a.recordHead(R1);
      expect(head).toBeGreaterThan(0);
      expect(await b.recordHead(R1)).toBe(head);
      const fromA = item(R1, VKN, writer()('a', 'first'), { expectedHead: head });
      // b's batch carries another record too: a conflict on one refuses the whole batch.
      const fromB = [
        item(R1, VKN, writer()('b', 'second'), { expectedHead: head }),
        item(R2, VKN, writer()('other', 'x'), { expectedHead: 0 }),
      ];
      const results = await Promise.allSettled([a.commit([fromA], 2), b.commit(fromB, 2)]);
      const { won, error } = oneWins(results);
      expect(error.recordIds).toEqual([R1]);
      const winner = won === 0 ? 'a' : 'b';
      const loser = won === 0 ? 'b' : 'a';
      expect(Object.keys(contentOf(await a.recordState(R1))).sort()).toEqual(
        ['created', winner].sort(),
      );
      if (won === 0) expect(await a.recordOffice(R2)).toBeNull();
      // The loser reads the record again (its new head) and commits on top of the winner.
      const again = await b.recordHead(R1);
      expect(again).toBeGreaterThan(head);
      const retry = item(R1, VKN, writer()(loser, 'later'), { expectedHead: again });
      await (won === 0 ? b : a).commit([retry], 3);
      expect(Object.keys(contentOf(await b.recordState(R1))).sort()).toEqual(
        ['a', 'b', 'created'].sort(),
      );
    });

    it('a record created meanwhile, or its number taken, conflicts at head 0', async () => {
      await a.commit([item(R1, VKN, writer()('created', 'a'), { expectedHead: 0 })], 1);
      await expect(
        b.commit([item(R1, VKN, writer()('created', 'b'), { expectedHead: 0 })], 2),
      ).rejects.toBeInstanceOf(RecordConflictError);
      // Two new records under one office number: the second is refused, nothing stored.
      const numbered = (id: RecordId) => ({ ...row(id, 7), number: 'VKN/REV/2026/9-1' });
      await a.commit(
        [item(R2, VKN, writer()('n', '1'), { summary: numbered(R2), expectedHead: 0 })],
        3,
      );
      await expect(
        b.commit(
          [item(R3, VKN, writer()('n', '2'), { summary: numbered(R3), expectedHead: 0 })],
          4,
        ),
      ).rejects.toMatchObject({ name: 'RecordConflictError', recordIds: [R3] });
      expect(await b.recordOffice(R3)).toBeNull();
      expect(await b.recordNumbered(VKN, 'VKN/REV/2026/9-1')).toBe(R2);
    });

    it('a reader paging while two writers commit receives every row exactly once', async () => {
      const reader = await harness.open();
      const committed: number[] = [];
      const write = async (store: LogCore, base: number) => {
        for (let i = 0; i < 15; i++) {
          const id = record(base + i);
          committed.push(...(await store.commit([item(id, VKN, writer()('k', `${base + i}`))], i)));
        }
      };
      const received: number[] = [];
      let cursor = 0;
      const page = async () => {
        // Small pages, so the reader's cursor moves many times while rows are committed.
        const p = await reader.updatesSince(cursor, DISTRICT, 1);
        received.push(...p.updates.map((u) => u.seq));
        cursor = p.cursor;
        return p.more;
      };
      let writing = true;
      const reading = (async () => {
        for (;;) {
          // The flag is read before the page: the last page starts after every commit.
          const done = !writing;
          const more = await page();
          if (done && !more) return;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      })();
      await Promise.all([write(a, 0), write(b, 100)]);
      writing = false;
      await reading;
      await reader.close();
      expect(received.length).toBe(30);
      expect([...received].sort((x, y) => x - y)).toEqual([...committed].sort((x, y) => x - y));
      expect(received).toEqual([...received].sort((x, y) => x - y));
    });
  });
}
