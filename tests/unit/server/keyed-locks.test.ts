import { describe, expect, it } from 'vitest';
import { createKeyedLocks } from '../../../sync-server/sync/keyed-locks.ts';

/** A promise and its resolver, to hold a task open until the test lets it go. */
function opened(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('keyed locks', () => {
  it('runs holders of one name one after another, in the order they asked', async () => {
    const locks = createKeyedLocks();
    const order: string[] = [];
    const first = opened();
    const started = opened();
    const a = locks.hold(['record:1'], async () => {
      order.push('a starts');
      started.open();
      await first.promise;
      order.push('a ends');
    });
    const b = locks.hold(['record:1'], async () => {
      order.push('b runs');
    });
    await started.promise;
    // Every queued promise job runs before the next macrotask: b had its chance.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['a starts']);
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('lets holders of other names run while one is held', async () => {
    const locks = createKeyedLocks();
    const held = opened();
    const slow = locks.hold(['device:a', 'record:1'], () => held.promise);
    // Would never settle if record:2 waited for record:1.
    await expect(locks.hold(['device:b', 'record:2'], async () => 'done')).resolves.toBe('done');
    held.open();
    await slow;
  });

  it('never deadlocks two holders that name the same records in another order', async () => {
    const locks = createKeyedLocks();
    const runs: string[] = [];
    const gate = opened();
    const one = locks.hold(['record:1', 'record:2'], async () => {
      await gate.promise;
      runs.push('one');
    });
    const two = locks.hold(['record:2', 'record:1'], async () => {
      runs.push('two');
    });
    gate.open();
    await Promise.all([one, two]);
    expect(runs).toEqual(['one', 'two']);
  });

  it('lets go when the task throws, and keeps no entry for names no longer held', async () => {
    const locks = createKeyedLocks();
    await expect(
      locks.hold(['record:1'], async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(locks.hold(['record:1'], async () => 'next')).resolves.toBe('next');
  });
});
