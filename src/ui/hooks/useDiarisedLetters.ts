import { useLiveQuery } from 'dexie-react-hooks';
import { readEvents } from '@doc/record-doc.ts';
import { DAY_MS } from '@domain/calendar.ts';
import { letterKey } from '../components/trainer/demo-post.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
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
    () => diarisedLetterKeys(db, person.office, sinceHour),
    [db, person.office, sinceHour],
  );
}

async function diarisedLetterKeys(
  db: PatravaliDb,
  office: OfficeId,
  since: number,
): Promise<ReadonlySet<string>> {
  const receipts = await db.records
    .where('kind')
    .equals('receipt')
    .filter((r) => r.office === office && r.lastActivity >= since)
    .toArray();
  const keys = new Set<string>();
  for (const r of receipts) {
    const doc = await loadRecordDoc(db, r.id);
    for (const e of readEvents(doc))
      if (e.type === 'diarised') keys.add(letterKey(e.from, e.letterNumber));
    doc.destroy();
  }
  return keys;
}
