import { useLiveQuery } from 'dexie-react-hooks';
import { DAY_MS } from '@domain/calendar.ts';
import { letterKey } from '../components/trainer/demo-post.ts';
import { diarisedLetterKeys } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Today's post is dated within the last week; a day more covers clock skew between tablets. */
const LOOKBACK_MS = 8 * DAY_MS;

/**
 * The letters my office has diarised lately, as `letterKey(from, letterNumber)`,
 * live: undefined while loading. Read from the diarised event of each receipt on
 * this device, so a letter diarised on another tablet counts once it has synced.
 */
export function useDiarisedLetters(): ReadonlySet<string> | undefined {
  const { deviceContext } = useSignedIn();
  const { db, person, now } = deviceContext;
  const since = now() - LOOKBACK_MS;
  // Rounded so re-renders within the hour do not restart the live query.
  const sinceHour = Math.floor(since / 3_600_000) * 3_600_000;
  return useLiveQuery(
    () => diarisedLetterKeys(db, person.office, sinceHour, letterKey),
    [db, person.office, sinceHour],
  );
}
