import { describe, expect, it } from 'vitest';
import { startScanSweeps, type SweepResult } from '../../../sync-server/attachments/scan-sweep.ts';

/** The server's sweep timing (attachments/scan-sweep.ts), with a hand-driven timer. */

const NONE: SweepResult = { uploadsRemoved: 0, scansRemoved: 0, bytesFreed: 0 };

function manualTimer() {
  const t = {
    tick: null as (() => void) | null,
    everyMs: 0,
    cleared: false,
    setInterval(fn: () => void, ms: number) {
      t.tick = fn;
      t.everyMs = ms;
      return 'handle';
    },
    clearInterval(handle: unknown) {
      t.cleared = handle === 'handle';
    },
  };
  return t;
}

describe('scan sweeps', () => {
  it('sweeps at start and on every interval, one at a time, until stopped', async () => {
    const timer = manualTimer();
    const finish: (() => void)[] = [];
    const reports: (SweepResult | Error)[] = [];
    const stop = startScanSweeps(
      () => new Promise<SweepResult>((resolve) => finish.push(() => resolve(NONE))),
      5_000,
      timer,
      (r) => reports.push(r),
    );
    expect(finish.length).toBe(1); // at start
    expect(timer.everyMs).toBe(5_000);
    timer.tick?.(); // the first has not finished: no second sweep beside it
    expect(finish.length).toBe(1);
    finish[0]?.();
    await expect.poll(() => reports.length).toBe(1);
    timer.tick?.();
    expect(finish.length).toBe(2);
    stop();
    expect(timer.cleared).toBe(true);
  });

  it('reports a failed sweep and sweeps again next time', async () => {
    const timer = manualTimer();
    const reports: (SweepResult | Error)[] = [];
    let calls = 0;
    startScanSweeps(
      () => (++calls === 1 ? Promise.reject(new Error('disk gone')) : Promise.resolve(NONE)),
      1_000,
      timer,
      (r) => reports.push(r),
    );
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toBeInstanceOf(Error);
    timer.tick?.();
    await expect.poll(() => reports.length).toBe(2);
    expect(reports[1]).toEqual(NONE);
  });
});
