import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LIMITS } from '@domain/events.ts';
import type { Person } from '@domain/directory.ts';
import { asRecordId, isUuid } from '@domain/ids.ts';
import { ATTACHMENT_API, HASH_MISMATCH_STATUS, UPLOAD_METADATA } from '@protocol/attachments.ts';
import { bearerToken } from '../auth/tokens.ts';
import { signedIn } from '../auth/accounts.ts';
import type { AppContext } from '../http/context.ts';
import { isRelayId } from '../relay/relay-identity.ts';
import { attachmentFor } from './blob-routes.ts';
import { hashFile, isSha256Hex, type BlobDir } from './blob-dir.ts';

/**
 * Resumable scan uploads with the tus protocol, mounted at /api/files on the
 * Fastify server (the @tus/server "integrate into Fastify" recipe: the body
 * stream is left unparsed and every method goes to tusServer.handle).
 * Anyone signed in may upload; an upload belongs to the person who created
 * it (stored in its tus metadata under OWNER, set here, never by the client),
 * and only they may resume, inspect or delete it — to anyone else it does not
 * exist. Uploads are never read back through tus: the bytes are only ever
 * served to readers of a record that references their hash (blob-routes.ts),
 * and on completion the hash is checked so nobody can store other bytes under
 * a scan's name.
 */

/** Metadata key holding the uploading person, written by the server on creation. */
const OWNER = 'patravali-owner';

/**
 * The ids this server gives uploads (@tus/server's default: 16 random bytes, hex).
 * Anything else, such as `<id>.json` (the file store's metadata file for that
 * upload), is no upload and must not reach the store, which would act on it.
 */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Each upload request's address (Fastify's `request.ip`), by its Node request: tus
 * hands the hooks a web Request, which an office relay's budget of questions to the
 * district needs the address of (relay/relay-sign-in.ts).
 */
const peers = new WeakMap<IncomingMessage, string>();
const peerOf = (req: Request): string | undefined => {
  const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
  return node === undefined ? undefined : peers.get(node);
};

/** A tus hook refusal: @tus/server answers with this status and body. */
function refuse(status_code: number, body: string): { status_code: number; body: string } {
  return { status_code, body };
}

/**
 * An office relay forwards its office's scans (relay/scans-up.ts). It is not
 * charged against the daily allowance: each scan was charged to the person who
 * uploaded it at the relay (the same tus server, the same allowance), and a
 * relay catching up after days without the WAN would otherwise be held back for
 * days more. Instead it may upload only a scan that a record in its scope, as
 * the district holds it, lists with this hash and this size, and that the
 * district does not have yet: the bytes its office's people signed for, each
 * once (the hash is checked at the end). A relay has at most one unfinished
 * upload of a scan: creating another removes the earlier one (a relay restarted
 * part-way forgets its upload and starts again).
 */
async function relayMayUpload(
  ctx: AppContext,
  dir: BlobDir,
  relay: Person,
  meta: Record<string, string | null>,
  size: number,
): Promise<void> {
  if ((await dir.sizeOf(meta[UPLOAD_METADATA.sha256] ?? '')) !== null) {
    throw refuse(409, 'the district has this scan');
  }
  const found = await attachmentFor(
    ctx,
    relay,
    meta[UPLOAD_METADATA.sha256] ?? '',
    asRecordId(meta[UPLOAD_METADATA.recordId] ?? ''),
  );
  if (found === 403) throw refuse(403, 'forbidden');
  if (found === 404) throw refuse(404, 'no record here lists this scan (yet)');
  if (found.bytes !== size) throw refuse(400, 'the record lists this scan with another size');
}

export function createTusServer(ctx: AppContext, dir: BlobDir): TusServer {
  const server = buildTusServer(ctx, dir);
  // A finished upload's bytes are in the blob store by now (a hard link): drop the
  // upload once the client has its answer, so a scan deleted later (a demo reset)
  // frees its space instead of living on under uploads/.
  server.on(EVENTS.POST_FINISH, (_req: Request, _res: Response, upload: Upload) => {
    server.datastore.remove(upload.id).catch(() => undefined);
  });
  return server;
}

function buildTusServer(ctx: AppContext, dir: BlobDir): TusServer {
  const datastore = new FileStore({ directory: dir.uploads });
  /** A relay's unfinished upload of a scan, by `<relay> <sha256>`: its id (since the start). */
  const relayUploads = new Map<string, string>();
  // A creation passes both hooks with one request: its session is looked up once.
  const people = new WeakMap<Request, Person>();
  const personOf = async (req: Request): Promise<Person> => {
    const known = people.get(req);
    if (known !== undefined) return known;
    const token = bearerToken(req.headers.get('authorization') ?? undefined);
    const auth = await ctx.accounts.authenticate(token, peerOf(req));
    if (!signedIn(auth)) {
      // Not checked yet (an office relay's budget): the upload is tried again later.
      if (auth !== null) throw refuse(429, 'tooManyRequests');
      throw refuse(401, 'unauthenticated');
    }
    people.set(req, auth.person);
    return auth.person;
  };
  return new TusServer({
    path: ATTACHMENT_API.files,
    datastore,
    maxSize: LIMITS.attachmentBytes,
    relativeLocation: true,
    async onIncomingRequest(req, id) {
      const person = (await personOf(req)).id;
      if (req.method === 'POST') return;
      if (req.method === 'GET' || !UPLOAD_ID.test(id)) throw refuse(404, 'upload not found');
      const upload = await datastore.getUpload(id).catch(() => null);
      // Unknown ids fall through to tus's own 404.
      if (upload !== null && upload.metadata?.[OWNER] !== person) {
        throw refuse(404, 'upload not found');
      }
    },
    async onUploadCreate(req, upload) {
      const meta = upload.metadata ?? {};
      if (!isSha256Hex(meta[UPLOAD_METADATA.sha256])) throw refuse(400, 'sha256 metadata missing');
      if (!isUuid(meta[UPLOAD_METADATA.recordId])) throw refuse(400, 'recordId metadata missing');
      if (upload.size === undefined) throw refuse(400, 'upload length must be declared');
      const person = await personOf(req);
      if (isRelayId(person.id)) {
        await relayMayUpload(ctx, dir, person, meta, upload.size);
        const key = `${person.id} ${meta[UPLOAD_METADATA.sha256]}`;
        const earlier = relayUploads.get(key);
        if (earlier !== undefined) await datastore.remove(earlier).catch(() => undefined);
        relayUploads.set(key, upload.id);
      } else if (ctx.dailyBytes.charge(person.id, upload.size, ctx.now()) !== null) {
        // A scan counts against its uploader's day once, when it is created: resuming is free.
        throw refuse(429, 'dailyLimit');
      }
      return { metadata: { ...meta, [OWNER]: person.id } };
    },
    async onUploadFinish(_req, upload) {
      const declared = upload.metadata?.[UPLOAD_METADATA.sha256];
      const key = `${upload.metadata?.[OWNER]} ${declared}`;
      if (relayUploads.get(key) === upload.id) relayUploads.delete(key);
      const path = join(dir.uploads, upload.id);
      const actual = await hashFile(path);
      if (!isSha256Hex(declared) || actual !== declared) {
        await datastore.remove(upload.id);
        throw refuse(HASH_MISMATCH_STATUS, 'hashMismatch');
      }
      await dir.adopt(path, actual);
      return {};
    },
  });
}

export async function registerTusRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  dir: BlobDir,
): Promise<void> {
  const tus = createTusServer(ctx, dir);
  await app.register(async (scoped) => {
    // tus reads the raw request stream itself.
    scoped.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) =>
      done(null),
    );
    const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      reply.hijack();
      peers.set(request.raw, request.ip);
      await tus.handle(request.raw, reply.raw);
    };
    scoped.all(ATTACHMENT_API.files, handle);
    scoped.all(`${ATTACHMENT_API.files}/*`, handle);
  });
}
