import { useLiveQuery } from 'dexie-react-hooks';
import { joinOnDevice } from '@storage/services.ts';
import { joinProgress, type JoinProgress } from '@sync/join.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';
import { useSyncStatus } from './useSyncStatus.ts';

/**
 * The signed-in person's join on this tablet (decision 0012), live from the
 * device store: there after a reload and while offline, not only while a sync runs.
 * Null when no join is under way; undefined until the device store has answered, so a
 * page does not call a list complete (or empty) before it knows. A fresh tablet's first
 * exchange counts as its join's desk phase while it is in flight (join.ts joinProgress).
 */
export function useJoinProgress(): JoinProgress | null | undefined {
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const found = useLiveQuery(() => joinOnDevice(db, person.id), [db, person.id]);
  const syncing = useSyncStatus(useEnv().syncStatus).state === 'syncing';
  return found === undefined ? undefined : joinProgress(found.state, found.cursor, syncing);
}
