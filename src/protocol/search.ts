import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordKind, RecordStatus } from '@domain/record.ts';
import { err, ok, type Result } from '@domain/result.ts';

/**
 * Searching the server's records, shared by device and server:
 * `GET /api/search?q=` with a bearer token answers the records the person may
 * see there (their sync scope and the offices of their review) matching every
 * word of `q` in what the tablet's index searches (number, subject, sender,
 * letter number, notings), folded as it folds them (@domain/search-words.ts),
 * latest activity first. The tablet shows those
 * it does not hold as "on the server".
 */

export const SEARCH_API = '/api/search';

/** Bump when the answer's JSON shape changes. */
export const SEARCH_VERSION_WIRE = 1;

/** Longer query text is refused (a search box, not a document). */
export const SEARCH_QUERY_MAX_CHARS = 200;

/** The most records one answer lists. */
export const SERVER_SEARCH_LIMIT = 50;

export interface SearchHit {
  readonly id: RecordId;
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly office: OfficeId;
  readonly holder: PersonId;
  readonly status: RecordStatus;
  readonly lastActivity: number;
}

export interface SearchResponse {
  readonly version: number;
  readonly hits: readonly SearchHit[];
  /** More records match than are listed. */
  readonly more: boolean;
}

/** The query text of a request, or why it is refused. */
export function parseSearchQuery(query: Readonly<Record<string, unknown>>): Result<string, string> {
  const q = query.q;
  if (typeof q !== 'string' || q.trim().length === 0) return err('q: the text to search for');
  if (q.length > SEARCH_QUERY_MAX_CHARS)
    return err(`q is longer than ${SEARCH_QUERY_MAX_CHARS} characters`);
  return ok(q);
}

const KINDS: readonly string[] = ['file', 'receipt'];
const STATUSES: readonly string[] = ['active', 'parked', 'closed'];

function isHit(x: unknown): x is SearchHit {
  if (typeof x !== 'object' || x === null) return false;
  const h = x as Record<string, unknown>;
  return (
    typeof h.id === 'string' &&
    typeof h.kind === 'string' &&
    KINDS.includes(h.kind) &&
    typeof h.number === 'string' &&
    typeof h.subject === 'string' &&
    typeof h.office === 'string' &&
    typeof h.holder === 'string' &&
    typeof h.status === 'string' &&
    STATUSES.includes(h.status) &&
    typeof h.lastActivity === 'number'
  );
}

/** A server's answer, checked strictly: another version or shape is refused, not shown. */
export function parseSearchResponse(body: unknown): Result<SearchResponse, string> {
  if (typeof body !== 'object' || body === null) return err('not an object');
  const b = body as Record<string, unknown>;
  if (b.version !== SEARCH_VERSION_WIRE) return err(`search version ${String(b.version)}`);
  if (!Array.isArray(b.hits) || !b.hits.every(isHit)) return err('malformed hits');
  if (typeof b.more !== 'boolean') return err('malformed more');
  return ok({ version: SEARCH_VERSION_WIRE, hits: b.hits, more: b.more });
}
