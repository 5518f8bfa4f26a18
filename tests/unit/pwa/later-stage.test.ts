// The page's run of the second offline stage (src/pwa/later-stage.ts): what the person is
// told, one run at a time, and retries on the network's return or a doubling timer.
import { describe, expect, it } from 'vitest';
import { createLaterStage, LATER_RETRY_FIRST_MS, LATER_RETRY_MAX_MS } from '@pwa/later-stage.ts';
import { createOfflineReadyStore } from '@pwa/offline-ready.ts';

/** Timers and `online` listeners held until the test fires them. */
function triggers() {
  const timers: { fn: () => void; ms: number }[] = [];
  const online: (() => void)[] = [];
  return {
    timers,
    online,
    setTimeout: (fn: () => void, ms: number) => void timers.push({ fn, ms }),
    addEventListener: (_type: 'online', listener: () => void) => void online.push(listener),
  };
}

/** A store whose answers the test gives, one per run. */
function storeOf(answers: boolean[], missing = true) {
  let calls = 0;
  const settle: ((done: boolean) => void)[] = [];
  return {
    calls: () => calls,
    store: (onMissing: () => void) => {
      calls++;
      if (missing) onMissing();
      return new Promise<boolean>((resolve) => settle.push(resolve));
    },
    answerNext: async () => {
      settle.shift()?.(answers.shift() ?? true);
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('the later stage', () => {
  it('says preparing while files are missing, retries a run cut short once, then ready', async () => {
    const offline = createOfflineReadyStore(true);
    const t = triggers();
    const s = storeOf([false, true]);
    const run = createLaterStage({ ...t, store: s.store, offline });

    run();
    run(); // a second trigger while storing: still one run
    expect(s.calls()).toBe(1);
    expect(offline.getSnapshot()).toBe('preparing');
    await s.answerNext();
    expect(t.timers.map((x) => x.ms)).toEqual([LATER_RETRY_FIRST_MS]);
    expect(t.online).toHaveLength(1);

    t.timers[0]?.fn();
    expect(s.calls()).toBe(2);
    await s.answerNext();
    expect(offline.getSnapshot()).toBe('justReady');
    // The network's return after that finds a newer run: nothing runs again.
    t.online[0]?.();
    expect(s.calls()).toBe(2);
  });

  it('waits twice as long after each failed run, up to the most', async () => {
    const t = triggers();
    const s = storeOf(Array.from({ length: 8 }, () => false));
    const run = createLaterStage({ ...t, store: s.store });
    run();
    for (let i = 0; i < 8; i++) {
      await s.answerNext();
      t.online.at(-1)?.();
    }
    expect(t.timers.map((x) => x.ms)).toEqual(
      [1, 2, 4, 8, 16, 20, 20, 20].map((k) =>
        Math.min(k * LATER_RETRY_FIRST_MS, LATER_RETRY_MAX_MS),
      ),
    );
  });

  it('says nothing under the worker when every file is stored', async () => {
    const offline = createOfflineReadyStore(true);
    const t = triggers();
    const s = storeOf([true], false);
    createLaterStage({ ...t, store: s.store, offline })();
    await s.answerNext();
    expect(offline.getSnapshot()).toBe('ready');
    expect(t.timers).toEqual([]);
  });
});
