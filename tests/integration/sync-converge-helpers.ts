import { expect } from 'vitest';
import { snapshotDevice, syncUntilClean, type TestDevice } from './sync-harness.ts';

/** Every device holds the same records with byte-identical Yjs state and identical derived state. */
export async function expectConverged(devices: readonly TestDevice[], now: number): Promise<void> {
  const [first, ...rest] = await Promise.all(devices.map((d) => snapshotDevice(d, now)));
  if (first === undefined) return;
  for (const other of rest) {
    expect([...other.keys()]).toEqual([...first.keys()]);
    for (const [id, snap] of first) {
      const theirs = other.get(id);
      expect(theirs?.content, `content of ${id}`).toEqual(snap.content);
      expect(theirs?.state, `state of ${id}`).toEqual(snap.state);
      expect(theirs?.yjs, `Yjs state of ${id}`).toEqual(snap.yjs);
    }
  }
}

export const syncAll = async (devices: readonly TestDevice[]): Promise<void> => {
  // Twice round: the first pass pushes, the second pulls what others pushed after us.
  for (let pass = 0; pass < 2; pass++) for (const d of devices) await syncUntilClean(d);
};
