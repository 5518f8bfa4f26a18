import type { FastifyInstance } from 'fastify';
import type { Directory, Person } from '@domain/directory.ts';
import { mayRead } from '@domain/grades.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import { reviewReachOf } from '@domain/review.ts';
import { keysMatch, queryTerms, SEARCH_VERSION, searchKeys } from '@domain/search-words.ts';
import {
  SEARCH_API,
  SEARCH_VERSION_WIRE,
  SERVER_SEARCH_LIMIT,
  parseSearchQuery,
  type SearchHit,
  type SearchResponse,
} from '@protocol/search.ts';
import type { SearchableRow } from '../storage/types.ts';
import { scopeOf } from '../sync/scope.ts';
import { signedIn } from '../auth/accounts.ts';
import { authOf, refuseUnauthenticated, retryAfterSeconds, sendApiError } from './context.ts';
import type { AppContext } from './context.ts';

/**
 * GET /api/search?q=: the server's records a person may see matching every
 * word of `q` in what the tablet's index searches (@domain/search-words.ts:
 * number, subject, the letter's sender and number, receipts put in a file,
 * notings), folded as the tablet folds them, latest activity first.
 * Who may see what: a district role every office; anyone else their own
 * office and the offices of their review (an SDM's tehsils). Records of other
 * offices shared with them reach their tablet by sync and are searched there.
 * Confidential and secret records only for the people on their access list.
 * Reads the projection (`summaries`) and the search keys stored beside each row
 * at commit; a row whose keys are not yet of this SEARCH_VERSION (rebuilt at
 * start) is matched on its number, subject and sender.
 */

/** The offices whose records `person` may search on the server; null: all. */
export function searchableOffices(person: Person, directory: Directory): OfficeId[] | null {
  if (scopeOf(person).kind === 'district') return null;
  const reach = reviewReachOf(person, directory);
  if (reach?.kind === 'district') return null;
  const offices = reach?.kind === 'office' ? reach.offices : [];
  return [...new Set([person.office, ...offices])];
}

function hitOf(r: RecordRow): SearchHit {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    subject: r.subject,
    office: r.office,
    holder: r.holder,
    status: r.status,
    lastActivity: r.lastActivity,
  };
}

/** Matching rows, latest activity first, one past the limit to tell whether there are more. */
function matching(rows: readonly SearchableRow[], text: string): RecordRow[] {
  const terms = queryTerms(text);
  return rows
    .filter(({ row: r, keys }) => {
      const particulars = [r.number, r.subject, r.letterFrom ?? ''];
      return keysMatch(keys ?? searchKeys({ particulars, notes: [] }), terms);
    })
    .map(({ row }) => row)
    .sort((a, b) => b.lastActivity - a.lastActivity)
    .slice(0, SERVER_SEARCH_LIMIT + 1);
}

export function registerSearchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(SEARCH_API, async (request, reply) => {
    const auth = await authOf(ctx, request);
    if (!signedIn(auth)) return refuseUnauthenticated(reply, auth);
    // Each search reads an office's projection: one person's flood must not cost everyone.
    const wait = ctx.reportRate.take(auth.person.id, ctx.now());
    if (wait !== null) {
      reply.header('retry-after', retryAfterSeconds(wait));
      return sendApiError(reply, 429, {
        error: 'tooManyRequests',
        detail: `too many searches; try again in ${wait} ms`,
      });
    }
    const parsed = parseSearchQuery(request.query as Readonly<Record<string, unknown>>);
    if (!parsed.ok) return sendApiError(reply, 400, { error: 'badRequest', detail: parsed.error });
    if (queryTerms(parsed.value).length === 0)
      return sendApiError(reply, 400, { error: 'badRequest', detail: 'q has no words' });
    const offices = searchableOffices(auth.person, ctx.directory);
    const rows =
      offices === null
        ? await ctx.storage.searchable(null, SEARCH_VERSION)
        : (await Promise.all(offices.map((o) => ctx.storage.searchable(o, SEARCH_VERSION)))).flat();
    // A confidential or secret record is found only by the people on its access list.
    const readable = rows.filter(({ row }) => mayRead(row, auth.person.id));
    const found = matching(readable, parsed.value);
    const body: SearchResponse = {
      version: SEARCH_VERSION_WIRE,
      hits: found.slice(0, SERVER_SEARCH_LIMIT).map(hitOf),
      more: found.length > SERVER_SEARCH_LIMIT,
    };
    return reply.header('cache-control', 'no-store').send(body);
  });
}
