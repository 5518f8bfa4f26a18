import { useLiveQuery } from 'dexie-react-hooks';

/**
 * useLiveQuery for what `key` names (a list, a person, an open picker's file),
 * answering only with that key's result: undefined until the query for this key
 * has answered, and while `key` is null nothing is read. dexie-react-hooks keeps
 * the last answer until a new query's arrives, so without the key a tab switch
 * showed the other tab's rows, and a picker opened again said "none" from its
 * closed state's empty answer.
 */
export function useKeyedLiveQuery<T>(
  key: string | null,
  querier: () => Promise<T>,
  deps: readonly unknown[],
): T | undefined {
  const read = useLiveQuery(
    async () => (key === null ? null : { key, value: await querier() }),
    [key, ...deps],
  );
  return key !== null && read?.key === key ? read.value : undefined;
}
