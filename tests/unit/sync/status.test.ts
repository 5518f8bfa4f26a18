import { describe, expect, it } from 'vitest';
import { onlineEventsOf } from '@sync/online-events.ts';
import { createSyncStatusStore } from '@sync/status.ts';

describe('sync status store', () => {
  it('notifies on change only, with a new immutable snapshot', () => {
    const store = createSyncStatusStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    const first = store.getSnapshot();
    store.update({ state: 'offline' });
    expect(calls).toBe(0);
    expect(store.getSnapshot()).toBe(first);
    store.update({ state: 'syncing', progress: { done: 1, total: 4 } });
    expect(calls).toBe(1);
    expect(store.getSnapshot()).toMatchObject({
      state: 'syncing',
      progress: { done: 1, total: 4 },
    });
    expect(first.state).toBe('offline');
    store.update({ progress: { done: 1, total: 4 } });
    expect(calls).toBe(1);
    unsubscribe();
    store.update({ state: 'synced' });
    expect(calls).toBe(1);
  });
});

describe('onlineEventsOf', () => {
  it('subscribes to online events and unsubscribes', () => {
    const target = new EventTarget();
    let calls = 0;
    const unsubscribe = onlineEventsOf(target)(() => calls++);
    target.dispatchEvent(new Event('online'));
    target.dispatchEvent(new Event('offline'));
    expect(calls).toBe(1);
    unsubscribe();
    target.dispatchEvent(new Event('online'));
    expect(calls).toBe(1);
  });
});
