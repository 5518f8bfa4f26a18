import { useLiveQuery } from 'dexie-react-hooks';
import {
  disorderedAtRelay,
  droppedAtRelay,
  keptAtRelaySince,
  refutedRelayClaims,
} from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** A change the office relay took this long ago, not shown by the district since, is said. */
export const LONG_AT_RELAY_MS = 24 * 60 * 60 * 1000;

/**
 * The office relay's word, as checked (decision 0020), live (0 while loading):
 * `refuted`, events it said the district had that the district's proofs do not show;
 * `dropped`, this tablet's changes it acknowledged without entering them in its log;
 * `disordered`, files whose changes it served in another order than the district's log;
 * `long`, this tablet's changes it took over LONG_AT_RELAY_MS ago that the district's
 * proofs have not shown since (asked again after each sync: `syncedAt`).
 */
export function useRelayClaims(syncedAt: number | null): {
  readonly refuted: number;
  readonly dropped: number;
  readonly disordered: number;
  readonly long: number;
} {
  const { db, now } = useEnv();
  const refuted = useLiveQuery(() => refutedRelayClaims(db), [db]) ?? 0;
  const dropped = useLiveQuery(() => droppedAtRelay(db), [db]) ?? 0;
  const disordered = useLiveQuery(() => disorderedAtRelay(db), [db]) ?? 0;
  const long = useLiveQuery(() => keptAtRelaySince(db, now() - LONG_AT_RELAY_MS), [db, syncedAt]);
  return { refuted, dropped, disordered, long: long ?? 0 };
}
