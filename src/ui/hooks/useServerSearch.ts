import { useCallback, useState } from 'react';
import type { SearchHit } from '@protocol/search.ts';
import { recordsOnDevice } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * Searching the server for records not on this tablet (other offices), on
 * request: the person presses the button, nothing is sent per keystroke. Hits
 * the tablet holds are left out (they are in the tablet's own results).
 */
export type ServerSearch =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly hits: readonly SearchHit[]; readonly more: boolean }
  /** No answer (offline, or an offline sign-in with no token), or the server refused. */
  | { readonly status: 'failed' };

export function useServerSearch(text: string): { state: ServerSearch; run(): void } {
  const { db, api } = useEnv();
  const { session } = useSignedIn();
  const [asked, setAsked] = useState<{ text: string; state: ServerSearch } | null>(null);
  const run = useCallback(() => {
    const q = text.trim();
    setAsked({ text, state: { status: 'loading' } });
    const answer = async (): Promise<ServerSearch> => {
      if (session.token === '') return { status: 'failed' };
      try {
        const found = await api.searchServer(session.token, q);
        const here = await recordsOnDevice(
          db,
          found.hits.map((h) => h.id),
        );
        return {
          status: 'done',
          hits: found.hits.filter((h) => !here.has(h.id)),
          more: found.more,
        };
      } catch {
        return { status: 'failed' };
      }
    };
    void answer().then((state) =>
      setAsked((was) => (was !== null && was.text === text ? { text, state } : was)),
    );
  }, [api, db, session.token, text]);
  // An answer for other words is not shown: a new text starts idle again.
  return { state: asked !== null && asked.text === text ? asked.state : { status: 'idle' }, run };
}
