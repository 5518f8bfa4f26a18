import { useContext } from 'react';
import { SignedInContext, type SignedIn } from '../app-context.ts';

/** The signed-in person's device context; only used below the signed-in shell. */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (!signedIn) throw new Error('useSignedIn outside the signed-in shell');
  return signedIn;
}
