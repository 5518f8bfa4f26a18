import type { FastifyInstance } from 'fastify';
import type { Directory, Person } from '@domain/directory.ts';
import { findOffice } from '@domain/directory.ts';
import type { OfficeId } from '@domain/ids.ts';
import { reviewReachOf } from '@domain/review.ts';
import type { ReviewReach } from '@domain/review.ts';
import { REPORTS_API, parsePendencyQuery } from '@protocol/reports.ts';
import { pendencyReport } from '../reports/pendency-report.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, retryAfterSeconds, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * GET /api/reports/pendency: the review report for the signed-in person's
 * reach (own desk, own office, or the district), from the server's projection.
 */

/** Whether an office filter stays inside the person's reach. */
function officeInReach(reach: ReviewReach, person: Person, office: OfficeId): boolean {
  if (reach.kind === 'district') return true;
  if (reach.kind === 'office') return reach.offices.includes(office);
  return office === person.office;
}

function knownOffice(directory: Directory, office: OfficeId): boolean {
  return findOffice(directory, office) !== undefined;
}

export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(REPORTS_API.pendency, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    const reach = reviewReachOf(auth.person, ctx.directory);
    if (reach === null)
      return sendApiError(reply, 403, {
        error: 'forbidden',
        detail: `the role ${auth.person.role} has no pendency review`,
      });
    const wait = ctx.reportRate.take(auth.person.id, ctx.now());
    if (wait !== null) {
      reply.header('retry-after', retryAfterSeconds(wait));
      return sendApiError(reply, 429, {
        error: 'tooManyRequests',
        detail: `too many reports; try again in ${wait} ms`,
      });
    }
    const parsed = parsePendencyQuery(request.query as Readonly<Record<string, unknown>>);
    if (!parsed.ok) return sendApiError(reply, 400, { error: 'badRequest', detail: parsed.error });
    const office = parsed.value.filter.office;
    if (office !== undefined && !knownOffice(ctx.directory, office))
      return sendApiError(reply, 400, { error: 'badRequest', detail: `no office ${office}` });
    if (office !== undefined && !officeInReach(reach, auth.person, office))
      return sendApiError(reply, 403, {
        error: 'forbidden',
        detail: `office ${office} is outside your review`,
      });
    const body = await pendencyReport({
      storage: ctx.storage,
      directory: ctx.directory,
      reach,
      viewer: auth.person.id,
      query: parsed.value,
      now: ctx.now(),
    });
    return reply.header('cache-control', 'no-store').send(body);
  });
}
