// The service worker's registration as the page runs it (src/pwa/register.ts): a tab
// reloaded while the first worker was still installing hears no onOfflineReady (the
// install began under the page before), and must still store the later files and say
// it is ready once the worker is active.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOfflineReadyStore } from '@pwa/offline-ready.ts';
import { registerServiceWorker } from '@pwa/register.ts';
import { createUpdateStore } from '@pwa/update-store.ts';

/** What the plugin's registerSW was given; it never calls onOfflineReady by itself here. */
const registered = vi.hoisted(() => ({ options: [] as { onOfflineReady?: () => void }[] }));

vi.mock('virtual:pwa-register', () => ({
  registerSW: (options: { onOfflineReady?: () => void }) => {
    registered.options.push(options);
    return async () => undefined;
  },
}));

afterEach(() => {
  registered.options.length = 0;
});

const timers = {
  setInterval: () => undefined,
  setTimeout: () => undefined,
  addEventListener: () => undefined,
};

function setUp(controlled: boolean) {
  let activate: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (activate = resolve));
  const offline = createOfflineReadyStore(controlled);
  const store = vi.fn(async () => true);
  registerServiceWorker(createUpdateStore(), timers, offline, { store, controlled, ready });
  return { offline, store, activate: async () => activate() };
}

describe('registerServiceWorker', () => {
  it('stores the later files once the worker is active, with no onOfflineReady heard', async () => {
    const { offline, store, activate } = setUp(false);
    expect(offline.getSnapshot()).toBe('preparing');
    await activate();
    await expect.poll(() => offline.getSnapshot()).toBe('justReady');
    expect(store).toHaveBeenCalledTimes(1);
  });

  it('a first visit that hears onOfflineReady too ends ready, the files stored', async () => {
    const { offline, store, activate } = setUp(false);
    registered.options[0]?.onOfflineReady?.();
    await activate();
    await expect.poll(() => offline.getSnapshot()).toBe('justReady');
    await expect.poll(() => store.mock.calls.length).toBeGreaterThanOrEqual(1);
  });
});
