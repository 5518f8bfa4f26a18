import 'fake-indexeddb/auto';
import { Dexie, liveQuery, type EntityTable } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyModule } from '@storage/lazy-module.ts';

// A module kept out of the app shell (services.ts hands out records.ts's functions
// this way): loaded on the first call, once, and read inside useLiveQuery queriers.

interface Item {
  readonly id: number;
}
class ItemDb extends Dexie {
  items!: EntityTable<Item, 'id'>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ items: 'id' });
  }
}

const module = {
  countItems: (db: ItemDb): Promise<number> => db.items.count(),
  sum: async (a: number, b: number): Promise<number> => a + b,
};
type Mod = typeof module;

/**
 * An import that arrives when the test says so. Its promise is made outside the
 * query, as a browser's import() is: one made inside a querier is Dexie's own.
 */
function slowImport() {
  let arrive: (m: Mod) => void = () => undefined;
  const arrived = new Promise<Mod>((resolve) => {
    arrive = resolve;
  });
  let requested = false;
  const importer = (): Promise<Mod> => {
    requested = true;
    return arrived;
  };
  return { importer, requested: () => requested, arrive: (m: Mod) => arrive(m) };
}

let db: ItemDb | undefined;
afterEach(async () => {
  db?.close();
  await db?.delete();
  db = undefined;
});

describe('lazyModule', () => {
  it('loads the module on the first call, once, and calls through with the same arguments', async () => {
    let imports = 0;
    const lazy = lazyModule(async () => {
      imports += 1;
      return module;
    });
    const sum = lazy.fn('sum');
    expect(imports).toBe(0);
    expect(await Promise.all([sum(1, 2), sum(3, 4)])).toEqual([3, 7]);
    expect(await sum(5, 6)).toBe(11);
    expect(imports).toBe(1);
  });

  it('tries a failed load again on the next call', async () => {
    let imports = 0;
    const lazy = lazyModule(async () => {
      imports += 1;
      if (imports === 1) throw new Error('Failed to fetch dynamically imported module');
      return module;
    });
    const sum = lazy.fn('sum');
    await expect(sum(1, 2)).rejects.toThrow('Failed to fetch');
    expect(await sum(1, 2)).toBe(3);
    expect(imports).toBe(2);
  });

  it('keeps a live query observing what the function reads when its module was still loading', async () => {
    db = new ItemDb('lazy-module-live');
    const open = db;
    const slow = slowImport();
    const countItems = lazyModule(slow.importer).fn('countItems');
    const seen: number[] = [];
    const subscription = liveQuery(() => countItems(open)).subscribe((n) => seen.push(n));
    try {
      await expect.poll(slow.requested).toBe(true);
      slow.arrive(module);
      await expect.poll(() => seen).toEqual([0]);
      await open.items.add({ id: 1 });
      // Without Dexie's promise around the wait, the query read outside its observation
      // and never ran again.
      await expect.poll(() => seen).toEqual([0, 1]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
