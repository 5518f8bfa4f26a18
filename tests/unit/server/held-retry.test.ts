import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import {
  openLaterRefusals,
  type LaterRefusals,
} from '../../../sync-server/relay/later-refusals.ts';
import type { StoredUpdate } from '../../../sync-server/storage/types.ts';
import {
  HELD_WAIT_MAX_MS,
  heldDue,
  heldToPush,
  heldWait,
} from '../../../sync-server/relay/held-retry.ts';

/**
 * A push the district's damaged copy refused is held at the relay and pushed again
 * (decision 0013, amendment 3) with a wait that doubles at each try, from the
 * interval between runs up to an hour (amendment 8), kept in its table; its new
 * rows still take it along at once (they build on it).
 */

const FILE = asRecordId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5aaa');
const OTHER = asRecordId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5bbb');
const INTERVAL = 5000;

describe('the wait before a held push goes again', () => {
  it('is the interval after the first try, doubled at each try after, at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => heldWait(INTERVAL, n))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(heldWait(INTERVAL, 11)).toBe(HELD_WAIT_MAX_MS);
    expect(heldWait(INTERVAL, 10_000)).toBe(HELD_WAIT_MAX_MS);
    expect(HELD_WAIT_MAX_MS).toBe(60 * 60_000);
  });

  it('is at most PATRAVALI_RELAY_HELD_MAX_MS when set, the clock set back past it too', () => {
    expect([1, 2, 3].map((n) => heldWait(250, n, 800))).toEqual([250, 500, 800]);
    expect(heldWait(INTERVAL, 1, 1000)).toBe(1000);
    expect(heldDue({ nextAt: 2000 }, 1500, 1000)).toBe(false);
    expect(heldDue({ nextAt: 2001 }, 1000, 1000)).toBe(true);
  });

  it('is over at its time, or at once when the clock went back past any wait', () => {
    expect(heldDue({ nextAt: 0 }, 1)).toBe(true);
    expect(heldDue({ nextAt: 1000 }, 999)).toBe(false);
    expect(heldDue({ nextAt: 1000 }, 1000)).toBe(true);
    const now = Date.UTC(2026, 11, 6);
    expect(heldDue({ nextAt: now + HELD_WAIT_MAX_MS }, now)).toBe(false);
    expect(heldDue({ nextAt: now + HELD_WAIT_MAX_MS + 1 }, now)).toBe(true);
  });
});

describe('what a run pushes again of what is held', () => {
  let dir = '';
  let store: LaterRefusals;
  let now = 1000;
  const deps = () => ({ now: () => now, refusals: store, heldMaxMs: HELD_WAIT_MAX_MS });
  const row = (recordId: typeof FILE) => ({ recordId }) as StoredUpdate;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-held-'));
    store = openLaterRefusals(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes one alone only once its wait is over, counted across a restart', () => {
    const retryAt = (tries: number) => now + heldWait(INTERVAL, tries);
    store.hold(FILE, new Uint8Array([0, 0]), now, retryAt);
    const waits: number[] = [];
    for (let tries = 1; tries <= 14; tries++) {
      const [held] = store.held();
      expect(held?.tries).toBe(tries);
      waits.push((held?.nextAt ?? 0) - now);
      // Not before its time, at the run's first exchange or any other.
      now = (held?.nextAt ?? 0) - 1;
      expect(heldToPush(deps(), [], true)).toEqual([]);
      now += 1;
      expect(heldToPush(deps(), [], false)).toEqual([]);
      expect(heldToPush(deps(), [], true).map((h) => h.recordId)).toEqual([FILE]);
      // The damaged copy refuses it again.
      store.hold(FILE, new Uint8Array([0, 0]), now, retryAt);
      if (tries === 7) {
        store.close();
        store = openLaterRefusals(dir);
      }
    }
    expect(waits.slice(0, 5)).toEqual([5000, 10_000, 20_000, 40_000, 80_000]);
    expect(waits.slice(-3)).toEqual([HELD_WAIT_MAX_MS, HELD_WAIT_MAX_MS, HELD_WAIT_MAX_MS]);
  });

  it("goes with its record's new rows whenever they are pushed, its wait over or not", () => {
    store.hold(FILE, new Uint8Array([0, 0]), now, () => now + HELD_WAIT_MAX_MS);
    expect(heldToPush(deps(), [row(OTHER)], true)).toEqual([]);
    expect(heldToPush(deps(), [row(FILE)], false).map((h) => h.recordId)).toEqual([FILE]);
  });
});
