import { describe, expect, it } from 'vitest';
import { createHlc, formatHlc, hlcWallMs, maxHlc, parseHlc, tryParseHlc } from '@domain/hlc.ts';

function fakeClock(start: number) {
  let t = start;
  return { now: () => t, set: (v: number) => (t = v) };
}

describe('hlc', () => {
  it('ticks from the injected clock and serialises wall, counter and node', () => {
    const clock = fakeClock(1_767_000_000_000);
    const hlc = createHlc('dev-a', clock.now);
    const s = hlc.tick();
    expect(parseHlc(s)).toEqual({ wallMs: 1_767_000_000_000, counter: 0, node: 'dev-a' });
    expect(hlcWallMs(s)).toBe(1_767_000_000_000);
    expect(hlc.last()).toBe(s);
  });

  it('stays monotonic when the clock stands still or goes backwards', () => {
    const clock = fakeClock(5_000);
    const hlc = createHlc('dev-a', clock.now);
    const stamps = [hlc.tick(), hlc.tick()];
    clock.set(1_000);
    stamps.push(hlc.tick(), hlc.tick());
    clock.set(6_000);
    stamps.push(hlc.tick());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    expect(parseHlc(stamps[3]!)).toMatchObject({ wallMs: 5_000, counter: 3 });
    expect(parseHlc(stamps[4]!)).toMatchObject({ wallMs: 6_000, counter: 0 });
  });

  it('orders later than a received timestamp from a device whose clock is ahead', () => {
    const hlc = createHlc('dev-a', () => 1_000);
    const remote = formatHlc({ wallMs: 9_000, counter: 4, node: 'dev-b' });
    hlc.receive(remote);
    const next = hlc.tick();
    expect(next > remote).toBe(true);
    expect(parseHlc(next)).toMatchObject({ wallMs: 9_000, counter: 6 });
  });

  it('merges counters when local and remote walls are equal', () => {
    const hlc = createHlc(
      'dev-a',
      () => 100,
      formatHlc({ wallMs: 500, counter: 2, node: 'dev-a' }),
    );
    hlc.receive(formatHlc({ wallMs: 500, counter: 7, node: 'dev-b' }));
    expect(parseHlc(hlc.last())).toMatchObject({ wallMs: 500, counter: 8 });
  });

  it('takes the physical clock when it is ahead of both', () => {
    const hlc = createHlc('dev-a', () => 10_000, formatHlc({ wallMs: 500, counter: 2, node: 'x' }));
    hlc.receive(formatHlc({ wallMs: 600, counter: 9, node: 'dev-b' }));
    expect(parseHlc(hlc.last())).toMatchObject({ wallMs: 10_000, counter: 0, node: 'dev-a' });
  });

  it('resumes from a persisted last() value', () => {
    const first = createHlc('dev-a', () => 2_000);
    first.tick();
    const persisted = first.tick();
    const resumed = createHlc('dev-a', () => 1_000, persisted);
    expect(resumed.tick() > persisted).toBe(true);
  });

  it('string order is time order across widths of wall time', () => {
    const early = formatHlc({ wallMs: 9_999, counter: 999, node: 'z' });
    const late = formatHlc({ wallMs: 10_000, counter: 0, node: 'a' });
    expect(early < late).toBe(true);
    expect(maxHlc([late, early])).toBe(late);
    expect(maxHlc([])).toBeNull();
  });

  it('rolls the wall forward instead of overflowing the counter', () => {
    const hlc = createHlc('n', () => 0, formatHlc({ wallMs: 50, counter: 999_999, node: 'n' }));
    const next = hlc.tick();
    expect(parseHlc(next)).toMatchObject({ wallMs: 51, counter: 0 });
  });

  it('rejects malformed timestamps', () => {
    expect(tryParseHlc('12-3-x').ok).toBe(false);
    expect(tryParseHlc('000000000001000-000000-').ok).toBe(false);
    expect(() => parseHlc('nonsense')).toThrow(RangeError);
    expect(() => createHlc('', () => 0)).toThrow(RangeError);
  });
});
