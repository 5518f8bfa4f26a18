/**
 * Locks by name, for sync exchanges: an exchange holds its device and the
 * records it pushes while it judges and commits them, so it judges against
 * committed state, while exchanges about other records go on at the same time
 * (issue 15: one record must not delay another). Names are taken in sorted
 * order, so two exchanges can never wait for each other.
 */

export interface KeyedLocks {
  hold<T>(names: Iterable<string>, task: () => Promise<T>): Promise<T>;
}

export function createKeyedLocks(): KeyedLocks {
  /** The tail of each name's queue: settles when its last holder lets go. */
  const tails = new Map<string, Promise<void>>();

  async function take(name: string): Promise<() => void> {
    const before = tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    tails.set(name, tail);
    await before;
    return () => {
      release();
      // The last holder leaves no entry behind: the map holds only names in use.
      if (tails.get(name) === tail) tails.delete(name);
    };
  }

  return {
    async hold(names, task) {
      const releases: (() => void)[] = [];
      try {
        for (const name of [...new Set(names)].sort()) releases.push(await take(name));
        return await task();
      } finally {
        for (const release of releases.reverse()) release();
      }
    },
  };
}
