/**
 * Every call the relay makes to the district goes through this fetch, so a WAN
 * that accepts a connection and then says nothing (a dead route behind a router
 * that still answers, a link gone quiet mid-page) cannot hold the relay's
 * upstream loop forever. The call is aborted when nothing has crossed the link
 * for `quietMs` (before the response starts or between pieces of its body), or
 * when the whole call has taken `wholeMs`; the body is read here, under the same
 * watch, and handed on as a complete Response. An aborted call rejects, as a
 * dropped link does, and the caller treats it as the district being unreachable.
 *
 * A request body of bytes is sent as a stream of SEND_CHUNK pieces, and each piece
 * the link takes counts as heard: on a 2G uplink (40 kbit/s) a 256 KB scan part
 * takes about a minute to go up, longer than the quiet time, while the district
 * rightly says nothing until it has it all (decision 0010, amendment 3).
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

/** Bytes of a request body handed to the link at a time: about 3 s at 40 kbit/s. */
export const SEND_CHUNK = 16 * 1024;

/**
 * `bytes` as a stream that hands out SEND_CHUNK at a time, each only when the link
 * asks for it (the socket took the one before), calling `taken` each time.
 */
function countedBody(bytes: Uint8Array, taken: () => void): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        taken();
        if (at >= bytes.byteLength) {
          controller.close();
          return;
        }
        const end = Math.min(at + SEND_CHUNK, bytes.byteLength);
        controller.enqueue(bytes.subarray(at, end));
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * `init` with a body of bytes streamed through countedBody (its length still declared),
 * so the quiet watch sees the upload move; any other body as it is.
 */
function watchedInit(init: RequestInit | undefined, taken: () => void): RequestInit | undefined {
  const body = init?.body;
  if (!(body instanceof Uint8Array) || body.byteLength <= SEND_CHUNK) return init;
  const headers = new Headers(init?.headers);
  headers.set('content-length', String(body.byteLength));
  // `duplex` is not in the DOM's RequestInit yet; Node's fetch needs it for a stream body.
  return { ...init, headers, body: countedBody(body, taken), duplex: 'half' } as RequestInit;
}

export function timedFetch(inner: typeof fetch, quietMs: number, wholeMs: number): typeof fetch {
  return async (input, init) => {
    const watch = new AbortController();
    const abort = (why: string) => () => watch.abort(new UpstreamTimeout(why));
    const quiet = `nothing crossed the link to the district for ${quietMs / 1000} s`;
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
      const res = await inner(input, { ...watchedInit(init, heard), signal });
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
