/**
 * Every call the relay makes to the district goes through this fetch, so a WAN
 * that accepts a connection and then says nothing (a dead route behind a router
 * that still answers, a link gone quiet mid-page) cannot hold the relay's
 * upstream loop forever. The call is aborted when the district has sent nothing
 * for `quietMs` (before the response starts or between pieces of its body), or
 * when the whole call has taken `wholeMs`; the body is read here, under the same
 * watch, and handed on as a complete Response. An aborted call rejects, as a
 * dropped link does, and the caller treats it as the district being unreachable.
 */

export class UpstreamTimeout extends Error {
  override readonly name = 'UpstreamTimeout';
}

/** Statuses whose Response cannot carry a body. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function joined(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function timedFetch(inner: typeof fetch, quietMs: number, wholeMs: number): typeof fetch {
  return async (input, init) => {
    const watch = new AbortController();
    const abort = (why: string) => () => watch.abort(new UpstreamTimeout(why));
    const quiet = `the district sent nothing for ${quietMs / 1000} s`;
    let timer = setTimeout(abort(quiet), quietMs);
    const whole = setTimeout(abort(`the district took over ${wholeMs / 1000} s`), wholeMs);
    const heard = (): void => {
      clearTimeout(timer);
      timer = setTimeout(abort(quiet), quietMs);
    };
    const signal =
      init?.signal === undefined || init.signal === null
        ? watch.signal
        : AbortSignal.any([init.signal, watch.signal]);
    try {
      const res = await inner(input, { ...init, signal });
      heard();
      const chunks: Uint8Array[] = [];
      const reader = res.body?.getReader();
      for (;;) {
        if (reader === undefined) break;
        const next = await reader.read();
        if (next.done) break;
        chunks.push(next.value);
        heard();
      }
      const body = NO_BODY.has(res.status) ? null : joined(chunks);
      return new Response(body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } catch (e) {
      // The abort's reason says which limit was hit; undici sometimes wraps it.
      if (watch.signal.aborted) throw watch.signal.reason as Error;
      throw e;
    } finally {
      clearTimeout(timer);
      clearTimeout(whole);
    }
  };
}
