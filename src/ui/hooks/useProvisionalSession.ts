import { useLiveQuery } from 'dexie-react-hooks';
import { currentSession } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * Whether the session an office relay signed in without the district is still
 * provisional (decision 0011), live: it stops being so when a sync learns that the
 * district confirmed this tablet's signing key. The signed-in session until read.
 */
export function useProvisionalSession(): boolean {
  const { session, deviceContext } = useSignedIn();
  const { db } = deviceContext;
  const stored = useLiveQuery(() => currentSession(db), [db]);
  return (stored === undefined ? session : stored)?.provisional === true;
}
