/**
 * The relay's calls to the district, each given up when the relay closes: a call in
 * flight on a silent WAN (a tablet's sign-in passed on, the district's proofs asked
 * for a tablet, the upstream link's own exchange) would otherwise hold the server's
 * close, which waits for the requests it serves, for as long as the relay's quiet
 * time or longer. A call given up fails as a dropped link does: nothing of it is kept,
 * and the relay resumes from its state file at its next start (decision 0010).
 * Each call has its own controller, dropped when it ends.
 */
export interface ClosingFetch {
  readonly fetch: typeof fetch;
  /** Gives up every call in flight, and each one made after. */
  abortAll(): void;
}

export function closingFetch(inner: typeof fetch): ClosingFetch {
  const live = new Set<AbortController>();
  let closed = false;
  const closing = () => new Error('the relay is closing');
  return {
    fetch: async (input, init) => {
      const mine = new AbortController();
      const outer = init?.signal ?? null;
      const follow = (): void => mine.abort(outer?.reason);
      if (closed) throw closing();
      if (outer?.aborted === true) throw outer.reason as Error;
      outer?.addEventListener('abort', follow, { once: true });
      live.add(mine);
      try {
        return await inner(input, { ...init, signal: mine.signal });
      } finally {
        live.delete(mine);
        outer?.removeEventListener('abort', follow);
      }
    },
    abortAll() {
      closed = true;
      for (const call of live) call.abort(closing());
    },
  };
}
