import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { API } from '@protocol/api.ts';
import type {
  AccessRevocation,
  DeviceKeysResponse,
  PasswordVerifier,
  SessionRequest,
} from '@protocol/api.ts';
import type { Person } from '@domain/directory.ts';
import { isRelayId, relayScope } from '../relay/relay-identity.ts';
import { directoryKey } from '../auth/device-keys.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';
import { authOf, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

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

export function registerJsonRoutes(app: FastifyInstance, ctx: AppContext): void {
  // A balancer takes an instance out when this fails: it answers 200 only while its
  // database (SQLite file or PostgreSQL) answers. The cause goes to the log, not the body.
  app.get(API.health, async (request, reply) => {
    const problem = await databaseProblem(ctx);
    if (problem === null) return { ok: true };
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
      if (answer.error === 'tooManyAttempts') {
        const seconds = Math.max(1, Math.ceil((answer.retryAt - ctx.now()) / 1000));
        reply.header('retry-after', String(seconds));
        return sendApiError(reply, 429, {
          error: 'tooManyAttempts',
          detail: `too many failed sign-ins; try again in ${seconds} s`,
          retryAt: answer.retryAt,
        });
      }
      return sendApiError(reply, 401, {
        error: 'badCredentials',
        detail: 'wrong username or password',
      });
    },
  );

  app.delete(API.session, async (request, reply) => {
    const auth = await authOf(ctx, request);
    const token = bearerToken(request.headers.authorization);
    if (auth === null || token === null) {
      return sendApiError(reply, 401, { error: 'unauthenticated', detail: 'sign in first' });
    }
    await ctx.accounts.signOut(token);
    ctx.hub.closeSession(hashToken(token));
    return reply.code(204).send();
  });

  app.get(API.directory, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (auth === null)
      return sendApiError(reply, 401, { error: 'unauthenticated', detail: 'sign in first' });
    return reply.send(ctx.directory);
  });

  // Devices check what they pull against these (src/storage/sync/pull-check.ts).
  app.get(API.deviceKeys, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (auth === null)
      return sendApiError(reply, 401, { error: 'unauthenticated', detail: 'sign in first' });
    const body: DeviceKeysResponse = {
      deviceKeys: (await ctx.storage.deviceKeys()).map(directoryKey),
      ...(isRelayId(auth.person.id)
        ? {
            revocations: await officeRevocations(ctx, auth.person, request.query),
            verifiers: await officeVerifiers(ctx, auth.person),
          }
        : {}),
    };
    // An office relay asks every few seconds over a thin WAN: unchanged, it gets 304 and no list.
    const text = JSON.stringify(body);
    const tag = `"${createHash('sha256').update(text).digest('base64url')}"`;
    reply.header('etag', tag);
    if (request.headers['if-none-match'] === tag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
