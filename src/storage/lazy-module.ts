import { Dexie } from 'dexie';

/**
 * A module kept out of the app shell, loaded on first use (services.ts and
 * trainer/index.ts hand out its functions with the same signatures). A failed
 * load (a dropped link before the service worker stored it) is tried again by
 * the next call.
 */
export interface LazyModule<M> {
  load(): Promise<M>;
  /**
   * `name` of the module, called at once when it is loaded and after loading
   * it otherwise. The wait goes through Dexie's promise, so a useLiveQuery
   * querier keeps observing the tables the function reads (Dexie's rule for
   * other async calls inside a querier).
   */
  fn<K extends keyof M>(name: K): M[K];
}

export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const load = (): Promise<M> => {
    loading ??= importer().then(
      (m) => (loaded = m),
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    );
    return loading;
  };
  const fn = <K extends keyof M>(name: K): M[K] => {
    const call = (...args: unknown[]): unknown => {
      const run = (m: M): unknown => (m[name] as (...a: unknown[]) => unknown)(...args);
      return loaded ? run(loaded) : Dexie.Promise.resolve(load()).then(run);
    };
    return call as M[K];
  };
  return { load, fn };
}
