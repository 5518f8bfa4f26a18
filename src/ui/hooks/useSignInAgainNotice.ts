import { useLiveQuery } from 'dexie-react-hooks';
import { signInAgainNotice, type SignInAgainNotice } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** Whose older session was ended to be signed in again (until someone signs in); live. */
export function useSignInAgainNotice(): SignInAgainNotice | null | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => signInAgainNotice(db), [db]);
}
