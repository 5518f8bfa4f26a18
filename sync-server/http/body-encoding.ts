import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { err, ok, type Result } from '@domain/result.ts';
import { MAX_FRAME_BYTES } from '@protocol/messages.ts';

/**
 * HTTP Content-Encoding for sync bodies: gunzip a request body under a hard
 * size limit, and which coding a client accepts (responses: response-encoding.ts).
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

export type ResponseEncoding = 'br' | 'gzip';

/**
 * The coding to answer in, from a request's Accept-Encoding: brotli when the
 * client names it and weighs it at least as gzip, else gzip when it accepts
 * gzip (named, or `*`), else null (q=0 forbids a coding). The server decides
 * by this header alone: Chromium, for one, offers br only on secure origins.
 */
export function responseEncoding(acceptEncoding: string | undefined): ResponseEncoding | null {
  if (acceptEncoding === undefined) return null;
  let br = 0;
  let gzip: number | null = null;
  let any = 0;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (name === 'br') br = weight;
    else if (name === 'gzip' || name === 'x-gzip') gzip = Math.max(gzip ?? 0, weight);
    else if (name === '*') any = weight;
  }
  const gzipWeight = gzip ?? any;
  if (br > 0 && br >= gzipWeight) return 'br';
  return gzipWeight > 0 ? 'gzip' : null;
}

export interface EncodedBody {
  readonly bytes: Uint8Array;
  /** The Content-Encoding when compressed, null when sent as is. */
  readonly encoding: ResponseEncoding | null;
}
