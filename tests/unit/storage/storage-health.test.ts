import { describe, expect, it } from 'vitest';
import {
  checkStorage,
  isLowSpace,
  LOW_SPACE_BYTES,
  requestPersistence,
  type StorageNavigator,
} from '@storage/db/storage-health.ts';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** A fake StorageManager whose persist() flips the persisted state when `grant` is true. */
function fakeNavigator(opts: {
  persisted?: boolean;
  grant?: boolean;
  usage?: number;
  quota?: number;
  failing?: boolean;
}): StorageNavigator & { persistCalls: number } {
  let persisted = opts.persisted ?? false;
  const nav = {
    persistCalls: 0,
    storage: {
      persisted: async () => {
        if (opts.failing) throw new Error('SecurityError');
        return persisted;
      },
      persist: async () => {
        nav.persistCalls++;
        if (opts.failing) throw new Error('SecurityError');
        persisted = persisted || (opts.grant ?? false);
        return persisted;
      },
      estimate: async () => ({ usage: opts.usage, quota: opts.quota }),
    },
  };
  return nav;
}

describe('checkStorage', () => {
  it('persistent storage with plenty of room: no warnings', async () => {
    const health = await checkStorage(
      fakeNavigator({ persisted: true, usage: 50 * MB, quota: 4 * GB }),
    );
    expect(health).toEqual({
      persistent: true,
      usage: 50 * MB,
      quota: 4 * GB,
      available: 4 * GB - 50 * MB,
      lowSpace: false,
      notPersistentWarning: false,
    });
  });

  it('warns when the browser says storage is not persistent', async () => {
    const health = await checkStorage(fakeNavigator({ persisted: false, usage: 0, quota: 4 * GB }));
    expect(health.persistent).toBe(false);
    expect(health.notPersistentWarning).toBe(true);
  });

  it('an old browser without the StorageManager: unknown, and no false alarms', async () => {
    for (const nav of [{}, { storage: {} }] satisfies StorageNavigator[]) {
      expect(await checkStorage(nav)).toEqual({
        persistent: 'unknown',
        usage: null,
        quota: null,
        available: null,
        lowSpace: false,
        notPersistentWarning: false,
      });
    }
  });

  it('a browser that throws is reported as unknown', async () => {
    const health = await checkStorage(fakeNavigator({ failing: true, usage: 1, quota: 4 * GB }));
    expect(health.persistent).toBe('unknown');
    expect(health.notPersistentWarning).toBe(false);
  });

  it('low space under 200 MB left, even with a large quota', async () => {
    const health = await checkStorage(
      fakeNavigator({ persisted: true, usage: 10 * GB - 150 * MB, quota: 10 * GB }),
    );
    expect(health.available).toBe(150 * MB);
    expect(health.lowSpace).toBe(true);
  });

  it('low space under 10 % of the quota left', () => {
    expect(isLowSpace(1.5 * GB, 20 * GB)).toBe(true);
    expect(isLowSpace(2.5 * GB, 20 * GB)).toBe(false);
    expect(isLowSpace(LOW_SPACE_BYTES, LOW_SPACE_BYTES * 5)).toBe(false);
    expect(isLowSpace(LOW_SPACE_BYTES - 1, LOW_SPACE_BYTES * 5)).toBe(true);
  });

  it('usage over quota counts as nothing available', async () => {
    const health = await checkStorage(
      fakeNavigator({ persisted: true, usage: 5 * GB, quota: 4 * GB }),
    );
    expect(health.available).toBe(0);
    expect(health.lowSpace).toBe(true);
  });
});

describe('requestPersistence', () => {
  it('asks the browser and reports the grant', async () => {
    const nav = fakeNavigator({ persisted: false, grant: true });
    expect(await requestPersistence(nav)).toBe(true);
    expect(nav.persistCalls).toBe(1);
    expect((await checkStorage(nav)).persistent).toBe(true);
  });

  it('reports a refusal as not persistent', async () => {
    const nav = fakeNavigator({ persisted: false, grant: false });
    expect(await requestPersistence(nav)).toBe(false);
  });

  it('does not ask again when already persistent', async () => {
    const nav = fakeNavigator({ persisted: true });
    expect(await requestPersistence(nav)).toBe(true);
    expect(nav.persistCalls).toBe(0);
  });

  it('never throws: a failing browser gives false, a missing API unknown', async () => {
    expect(await requestPersistence(fakeNavigator({ failing: true }))).toBe(false);
    expect(await requestPersistence({})).toBe('unknown');
  });

  it('calls the StorageManager methods with it as `this`', async () => {
    class StrictStorage {
      #granted = false;
      persisted(): Promise<boolean> {
        return Promise.resolve(this.#granted);
      }
      persist(): Promise<boolean> {
        this.#granted = true;
        return Promise.resolve(true);
      }
    }
    const nav = { storage: new StrictStorage() };
    expect(await requestPersistence(nav)).toBe(true);
    expect((await checkStorage(nav)).persistent).toBe(true);
  });
});
