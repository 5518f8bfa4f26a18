import { useDeferredValue } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { mayRead } from '@domain/grades.ts';
import { searchRecords, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** Shorter text would match most of an office. */
export const SEARCH_MIN_CHARS = 2;
/** The most results shown; the newest activity first. */
export const SEARCH_LIMIT = 50;

export interface SearchFound {
  /** At most SEARCH_LIMIT records, the most recently active first. */
  readonly rows: RecordSummary[];
  /** More records match than are shown. */
  readonly more: boolean;
}

/**
 * Records on this device matching every word of `text` (number, subject,
 * sender, letter number or noting; Hindi spellings folded, Roman finds
 * Devanagari: @storage/db/search-index.ts), live. Typing is deferred, so a slow
 * query never holds up the keyboard; null while the text is too short to search.
 * Only records the signed-in person may read (@domain/grades.ts).
 */
export function useRecordSearch(text: string): SearchFound | null | undefined {
  const { deviceContext } = useSignedIn();
  const { db } = deviceContext;
  const viewer = deviceContext.person.id;
  const needle = useDeferredValue(text.trim());
  return useLiveQuery(async () => {
    if (needle.length < SEARCH_MIN_CHARS) return null;
    // One past the limit tells whether there are more. A shared tablet's
    // confidential records of others are left out (so, rarely, `more` is
    // false where more than SEARCH_LIMIT match and some were left out).
    const found = (await searchRecords(db, needle, SEARCH_LIMIT + 1)).filter((r) =>
      mayRead(r, viewer),
    );
    return { rows: found.slice(0, SEARCH_LIMIT), more: found.length > SEARCH_LIMIT };
  }, [db, needle, viewer]);
}
