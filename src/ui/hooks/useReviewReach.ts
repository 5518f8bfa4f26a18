import { useMemo } from 'react';
import { reviewReachOf, type ReviewReach } from '@domain/review-reach.ts';
import { useSignedIn } from './useSignedIn.ts';

/** How far the signed-in person's review reaches (desk, office, district); null: no review. */
export function useReviewReach(): ReviewReach | null {
  const { session, deviceContext } = useSignedIn();
  const { person } = session;
  const { directory } = deviceContext;
  return useMemo(() => reviewReachOf(person, directory), [person, directory]);
}
