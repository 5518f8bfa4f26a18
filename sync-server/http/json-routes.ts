import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { API } from '@protocol/api.ts';
import type {
  AccessRevocation,
  DeviceKeysResponse,
  PasswordVerifier,
  RelayRegistrationRequest,
  RelayRegistrationResponse,
  SessionRequest,
} from '@protocol/api.ts';
import type { Directory, Person } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';
import { isRelayId, relayScope } from '../relay/relay-identity.ts';
import { directoryKey } from '../auth/device-keys.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';
import { registerRelaySessionEndsRoute, registerRelaySessionRoute } from './relay-session-route.ts';
import { registerRelayVouchRoutes } from './relay-vouch-route.ts';

/** Health, sign-in/out and the directory: the JSON part of the API. */

/** What an office relay learns of its office's people's revocations (decision 0010). */
async function officeRevocations(
  ctx: AppContext,
  relay: Person,
  query: unknown,
): Promise<AccessRevocation[]> {
  const raw = Number((query as { revokedAfter?: string } | null)?.revokedAfter ?? 0);
  const after = Number.isSafeInteger(raw) && raw > 0 ? raw : 0;
  const people = new Set(relayScope(ctx.directory, relay).people);
  return (await ctx.storage.accessRevocationsAfter(after))
    .filter((r) => people.has(r.person))
    .map((r) => ({ person: r.person, device: r.deviceId, at: r.at }));
}

/**
 * The password verifiers of an office relay's people (decision 0011): what it
 * needs to check their sign-ins while the WAN is down. Never another office's.
 */
async function officeVerifiers(ctx: AppContext, relay: Person): Promise<PasswordVerifier[]> {
  const people = new Set(relayScope(ctx.directory, relay).people);
  return (await ctx.storage.listCredentials())
    .filter((c) => people.has(c.person))
    .map((c) => ({ person: c.person, hash: c.hash }));
}

const SESSION_BODY_LIMIT = 16 * 1024;
/** How long `/healthz` waits for the database's answer before it reports the instance down. */
const HEALTH_DATABASE_MS = 5000;

/** Null when the database answers a trivial query in time, else why not. */
async function databaseProblem(ctx: AppContext): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`no answer in ${HEALTH_DATABASE_MS} ms`)),
      HEALTH_DATABASE_MS,
    );
  });
  try {
    return await Promise.race([
      ctx.storage.ping().then(
        () => null,
        (e: unknown) => e,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const sessionSchema = {
  body: {
    type: 'object',
    required: ['username', 'password', 'deviceId'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 64 },
      password: { type: 'string', minLength: 1, maxLength: 256 },
      deviceId: {
        type: 'string',
        pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      },
      deviceLabel: { type: 'string', maxLength: 100 },
      signingKey: {
        type: 'object',
        required: ['keyId', 'algorithm', 'publicKey', 'deviceInfo'],
        additionalProperties: false,
        properties: {
          keyId: { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' },
          algorithm: { type: 'string', enum: ['Ed25519', 'P-256'] },
          publicKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{43,87}$' },
          deviceInfo: { type: 'string', maxLength: 300 },
        },
      },
    },
  },
} as const;

const registrationSchema = {
  body: {
    type: 'object',
    required: ['sealed'],
    additionalProperties: false,
    properties: { sealed: { type: 'string', minLength: 1, maxLength: 8192 } },
  },
} as const;

/** The sign-in request a relay sealed, or null when it is not one (opened by the district only). */
function sealedRequest(text: string | null): SessionRequest | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const req = (parsed as { request?: unknown } | null)?.request as
    Partial<Record<keyof SessionRequest, unknown>> | undefined;
  if (typeof req !== 'object' || req === null) return null;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const ok =
    typeof req.username === 'string' &&
    typeof req.password === 'string' &&
    typeof req.deviceId === 'string' &&
    uuid.test(req.deviceId) &&
    (req.deviceLabel === undefined || typeof req.deviceLabel === 'string') &&
    typeof req.signingKey === 'object' &&
    req.signingKey !== null;
  return ok ? (req as unknown as SessionRequest) : null;
}

/** 429 to a sign-in (or a forwarded one) while its account or device is locked. */
function sendLocked(ctx: AppContext, reply: FastifyReply, retryAt: number): FastifyReply {
  const seconds = Math.max(1, Math.ceil((retryAt - ctx.now()) / 1000));
  reply.header('retry-after', String(seconds));
  return sendApiError(reply, 429, {
    error: 'tooManyAttempts',
    detail: `too many failed sign-ins; try again in ${seconds} s`,
    retryAt,
  });
}

export function registerJsonRoutes(app: FastifyInstance, ctx: AppContext): void {
  // A balancer takes an instance out when this fails: it answers 200 only while its
  // database (SQLite file or PostgreSQL) answers. The cause goes to the log, not the body.
  // An office relay also says how many records it holds because the district cannot read
  // its copy (decision 0013, amendments 3, 7 and 8), pushed again until repaired, since
  // when, and when one is next pushed again. Not which: anyone who reaches the port may
  // ask, unauthenticated; the relay's log and the district's check-records name them.
  // And the alarm standing when the district's sync answers fail the log check, since
  // when (decision 0010, amendment 2): the relay applies none of them meanwhile.
  app.get(API.health, async (request, reply) => {
    const problem = await databaseProblem(ctx);
    const held = ctx.laterRefusals?.held() ?? [];
    const districtLog = ctx.districtLogTrouble?.() ?? null;
    if (problem === null)
      return {
        ok: true,
        ...(held.length === 0
          ? {}
          : {
              held: {
                records: held.length,
                since: Math.min(...held.map((h) => h.since)),
                nextTry: Math.min(...held.map((h) => h.nextAt)),
              },
            }),
        ...(districtLog === null ? {} : { districtLog }),
      };
    request.log.error({ err: problem }, 'health check: the database did not answer');
    return reply.code(503).send({
      ok: false,
      error: 'databaseUnavailable',
      detail: 'the database did not answer; this instance cannot serve requests',
    });
  });

  app.post<{ Body: SessionRequest }>(
    API.session,
    { schema: sessionSchema, bodyLimit: SESSION_BODY_LIMIT },
    async (request, reply) => {
      const answer = await ctx.accounts.signIn(request.body);
      if (answer.ok) return reply.code(201).send(answer.session);
      if (answer.error === 'upstream') return reply.code(answer.status).send(answer.body);
      if (answer.error === 'badKey') {
        return sendApiError(reply, 400, { error: 'badRequest', detail: answer.detail });
      }
      if (answer.error === 'tooManyAttempts') return sendLocked(ctx, reply, answer.retryAt);
      return sendApiError(reply, 401, {
        error: 'badCredentials',
        detail: 'wrong username or password',
      });
    },
  );

  // A sign-in an office relay made while the WAN was down (decision 0011): the district
  // checks the person's password itself before it registers the key; the relay vouches for nothing.
  app.post<{ Body: RelayRegistrationRequest }>(
    API.relayRegistrations,
    { schema: registrationSchema, bodyLimit: SESSION_BODY_LIMIT },
    async (request, reply) => {
      const auth = await authOf(ctx, request);
      if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
      if (!isRelayId(auth.person.id) || ctx.sealKey === undefined)
        return sendApiError(reply, 403, {
          error: 'forbidden',
          detail: 'only an office relay forwards registrations, to the district',
        });
      const req = sealedRequest(ctx.sealKey.open(request.body.sealed));
      if (req === null)
        return sendApiError(reply, 400, {
          error: 'badRequest',
          detail: 'not a sign-in request sealed to this district',
        });
      const answer = await ctx.accounts.registerFromRelay(req, auth.person.office);
      if (answer.ok) {
        const body: RelayRegistrationResponse = {
          keyId: req.signingKey?.keyId ?? '',
          deviceNumber: answer.deviceNumber,
        };
        return reply.code(201).send(body);
      }
      if (answer.error === 'tooManyAttempts') return sendLocked(ctx, reply, answer.retryAt);
      if (answer.error === 'badKey')
        return sendApiError(reply, 400, { error: 'badRequest', detail: answer.detail });
      if (answer.error === 'notThisOffice')
        return sendApiError(reply, 403, {
          error: 'forbidden',
          detail: `${req.username} is not a person of this relay's office`,
        });
      return sendApiError(reply, 401, {
        error: 'badCredentials',
        detail: 'the password in the forwarded sign-in is not the one the district holds now',
      });
    },
  );

  registerRelaySessionRoute(app, ctx);
  registerRelaySessionEndsRoute(app, ctx);
  registerRelayVouchRoutes(app, ctx);

  app.delete(API.session, async (request, reply) => {
    const auth = await authOf(ctx, request);
    const token = bearerToken(request.headers.authorization);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    if (token === null) return refuseUnauthenticated(reply, null);
    await ctx.accounts.signOut(token);
    ctx.hub.closeSession(hashToken(token));
    return reply.code(204).send();
  });

  // Office relays take it at each upstream run (relay/relay-directory.ts): unchanged, 304.
  app.get(API.directory, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    return sendTagged(request.headers['if-none-match'], reply, directoryTagged(ctx.directory));
  });

  // Devices check what they pull against these (src/storage/sync/pull-check.ts).
  app.get(API.deviceKeys, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    const body: DeviceKeysResponse = {
      // A relay's tablet learns from this that the district confirmed its key (decision 0011).
      deviceKeys: (await ctx.storage.deviceKeys()).map((k) =>
        ctx.provisionalKey?.(k.id) === true
          ? { ...directoryKey(k), provisional: true as const }
          : directoryKey(k),
      ),
      ...(isRelayId(auth.person.id)
        ? {
            revocations: await officeRevocations(ctx, auth.person, request.query),
            verifiers: await officeVerifiers(ctx, auth.person),
            ...(ctx.sealKey === undefined ? {} : { sealKey: ctx.sealKey.publicKey }),
          }
        : {}),
      ...numberFromDistrict(ctx, auth.session.deviceId),
    };
    // An office relay asks every few seconds over a thin WAN: unchanged, it gets 304 and no list.
    return sendTagged(request.headers['if-none-match'], reply, tagged(JSON.stringify(body)));
  });
}

interface Tagged {
  readonly text: string;
  readonly tag: string;
}

/** `text` (JSON) with its ETag. */
function tagged(text: string): Tagged {
  return { text, tag: `"${createHash('sha256').update(text).digest('base64url')}"` };
}

/**
 * The directory's JSON and ETag, made once for each directory the server holds
 * (one for its life; at an office relay, one per directory it took), not at every
 * relay's call: most are answered 304.
 */
const directoryTags = new WeakMap<Directory, Tagged>();

function directoryTagged(directory: Directory): Tagged {
  let made = directoryTags.get(directory);
  if (made === undefined) {
    made = tagged(JSON.stringify(directory));
    directoryTags.set(directory, made);
  }
  return made;
}

/** `body` with its ETag, or 304 and nothing when the caller holds that version. */
function sendTagged(held: string | undefined, reply: FastifyReply, body: Tagged) {
  reply.header('etag', body.tag);
  if (held === body.tag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body.text);
}

/** At an office relay, a tablet the district confirmed there learns its device number (decision 0011). */
function numberFromDistrict(ctx: AppContext, deviceId: DeviceId): { deviceNumber?: number } {
  const n = ctx.districtDeviceNumber?.(deviceId);
  return n === undefined ? {} : { deviceNumber: n };
}
