import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { err, ok, type Result } from '@domain/result.ts';
import { MAX_FRAME_BYTES } from '@protocol/messages.ts';

/**
 * HTTP Content-Encoding for sync bodies: gunzip a request body under a hard
 * size limit, and whether a client accepts gzip (responses: response-gzip.ts).
 * Stores nothing.
 */

const gunzipAsync = promisify(gunzip);

export type BodyDecodeError =
  | { readonly code: 'frameTooLarge'; readonly detail: string }
  | { readonly code: 'frameMalformed'; readonly detail: string };

/**
 * The request body as a frame. zlib stops inflating at `limit` bytes, so a
 * gzip bomb costs at most `limit` bytes of memory before it is refused.
 */
export async function decodeRequestBody(
  body: Uint8Array,
  contentEncoding: string | undefined,
  limit: number = MAX_FRAME_BYTES,
): Promise<Result<Uint8Array, BodyDecodeError>> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return ok(body);
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    return err({ code: 'frameMalformed', detail: `unsupported Content-Encoding ${encoding}` });
  }
  try {
    return ok(new Uint8Array(await gunzipAsync(body, { maxOutputLength: limit })));
  } catch (e) {
    if (isTooLarge(e)) {
      return err({ code: 'frameTooLarge', detail: `frames are limited to ${limit} bytes` });
    }
    return err({ code: 'frameMalformed', detail: 'the gzip body is corrupt' });
  }
}

function isTooLarge(e: unknown): boolean {
  return (
    e instanceof RangeError || (e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE'
  );
}

/** True when an Accept-Encoding header allows gzip (q=0 forbids it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export interface EncodedBody {
  readonly bytes: Uint8Array;
  /** 'gzip' when compressed, null when sent as is. */
  readonly encoding: 'gzip' | null;
}
