import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import type { Person } from '@domain/directory.ts';
import { asRecordId, isUuid, type RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import { ATTACHMENT_API } from '@protocol/attachments.ts';
import { signedIn, type NotCheckedYet } from '../auth/accounts.ts';
import { authOf, sendApiError, sendNotCheckedYet, type AppContext } from '../http/context.ts';
import { principalScope } from '../relay/relay-identity.ts';
import { reachOf, recordInScope } from '../sync/scope.ts';
import { isSha256Hex, type BlobDir } from './blob-dir.ts';

/**
 * GET/HEAD /api/blobs/<sha256>?record=<recordId>: a scan's bytes, with HTTP
 * Range so a download cut by a bad link resumes where it stopped. Readable
 * only by someone who may read the named record, and only if that record
 * has an attachmentAdded event for this hash.
 */

export type ByteRange = { readonly start: number; readonly end: number };

/** The one range of a `Range: bytes=a-b` header; null for none, 'bad' if unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'bad' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null) return 'bad';
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'bad';
  if (a === '') {
    const n = Math.min(Number(b), size);
    return n === 0 ? 'bad' : { start: size - n, end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  return start >= size || end < start ? 'bad' : { start, end };
}

/**
 * The record's attachment with this hash, if `person` may read the record (an
 * office relay: what its office's people may see, as it syncs); else the status
 * to answer.
 */
export async function attachmentFor(
  ctx: Pick<AppContext, 'storage' | 'directory' | 'now'>,
  person: Person,
  sha256: string,
  recordId: RecordId,
): Promise<Attachment | 403 | 404> {
  const reach = await reachOf(ctx.storage, recordId);
  if (reach === null) return 404;
  // A confidential record's scans reach its access list only, like the record.
  if (!recordInScope(principalScope(ctx.directory, person), reach)) return 403;
  const state = readRecordState(
    loadRecordDoc([await ctx.storage.recordState(recordId)]),
    ctx.now(),
  );
  return state?.attachments.find((a) => a.sha256 === sha256) ?? 404;
}

/**
 * The record's attachment with this hash, if the signed-in person may read the
 * record; else the status to answer, or when the session can be checked (an office
 * relay's budget of questions to the district: the tablet downloads later, as it syncs).
 */
async function readableAttachment(
  ctx: AppContext,
  request: FastifyRequest,
  sha256: string,
  recordId: string,
): Promise<Attachment | number | NotCheckedYet> {
  const auth = await authOf(ctx, request);
  if (!signedIn(auth)) return auth ?? 401;
  return attachmentFor(ctx, auth.person, sha256, asRecordId(recordId));
}

const ERRORS = {
  401: { error: 'unauthenticated', detail: 'sign in to read scans' },
  403: { error: 'forbidden', detail: 'this scan belongs to a record you may not read' },
  404: { error: 'notFound', detail: 'no such scan on this server (yet)' },
} as const;

async function serveBlob(
  ctx: AppContext,
  dir: BlobDir,
  request: FastifyRequest<{ Params: { sha256: string }; Querystring: { record?: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { sha256 } = request.params;
  const recordId = request.query.record;
  if (!isSha256Hex(sha256) || !isUuid(recordId)) {
    return sendApiError(reply, 400, { error: 'badRequest', detail: 'sha256 and record expected' });
  }
  const found = await readableAttachment(ctx, request, sha256, recordId);
  if (typeof found === 'number') {
    const status = found === 401 || found === 403 ? found : 404;
    return sendApiError(reply, status, ERRORS[status]);
  }
  if ('laterMs' in found) return sendNotCheckedYet(reply, found.laterMs);
  const size = await dir.sizeOf(sha256);
  if (size === null) {
    // At an office relay, a scan its tablets ask for is fetched from the district.
    ctx.scanWanted?.(sha256, asRecordId(recordId));
    return sendApiError(reply, 404, ERRORS[404]);
  }
  const range = parseRange(request.headers.range, size);
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', `"${sha256}"`)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .type(found.mime);
  if (range === 'bad') return reply.code(416).header('content-range', `bytes */${size}`).send();
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range !== null) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', end - start + 1);
  if (request.method === 'HEAD') return reply.send();
  return reply.send(createReadStream(dir.pathOf(sha256), { start, end }));
}

export function registerBlobRoutes(app: FastifyInstance, ctx: AppContext, dir: BlobDir): void {
  app.route<{ Params: { sha256: string }; Querystring: { record?: string } }>({
    method: 'GET',
    url: `${ATTACHMENT_API.blobs}/:sha256`,
    handler: (request, reply) => serveBlob(ctx, dir, request, reply),
  });
}
