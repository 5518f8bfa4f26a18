import { useLiveQuery } from 'dexie-react-hooks';
import { revokedNotice, type RevokedNotice } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** Whose access on this device the administrator revoked last (until dismissed); live. */
export function useRevokedNotice(): RevokedNotice | null | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => revokedNotice(db), [db]);
}
