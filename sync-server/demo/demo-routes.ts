import type { FastifyInstance } from 'fastify';
import { API } from '@protocol/api.ts';
import type { DemoResetResponse } from '@protocol/api.ts';
import { isDemoMode } from '../config.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, sendApiError } from '../http/context.ts';
import type { AppContext } from '../http/context.ts';
import { clearScans } from '../attachments/blob-dir.ts';
import { resetDemo } from './seed-demo.ts';

/**
 * POST /api/demo/reset: the trainer's "start the class again". Only in demo
 * mode (a real office's records can never be wiped from the app) and only for
 * the `trainer` role. Runs between sync exchanges, then tells every open push
 * channel, so connected tablets pull, see the new generation and start clean.
 */
export function registerDemoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(API.demoReset, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    if (!isDemoMode(ctx.config)) {
      return sendApiError(reply, 403, {
        error: 'forbidden',
        detail: 'the demo district can only be reset when the server runs in demo mode',
      });
    }
    if (auth.person.role !== 'trainer') {
      return sendApiError(reply, 403, {
        error: 'forbidden',
        detail: 'only the trainer may reset the demo district',
      });
    }
    const demo = {
      storage: ctx.storage,
      rules: ctx.rules,
      directory: ctx.directory,
      now: ctx.now,
      clearScans: () => clearScans(ctx.config.dataDir),
    };
    const result = await ctx.serialize(() => resetDemo(demo, ctx.config.demoContent));
    ctx.hub.announceAll(await ctx.storage.headSeq({ kind: 'district' }));
    const body: DemoResetResponse = result;
    return reply.send(body);
  });
}
