import {
  API,
  type ApiError,
  type DemoResetResponse,
  type SessionRequest,
  type SessionResponse,
} from '@protocol/api.ts';
import type { PendencyQuery, PendencyReportResponse } from '@protocol/reports.ts';
import { SEARCH_API, parseSearchResponse, type SearchResponse } from '@protocol/search.ts';
import { fetchPendencyReport } from '../review/report-client.ts';

/**
 * The HTTP calls the UI makes itself (sign-in, pendency report, demo reset). The network is injected:
 * `fetch` and the server's base URL, so tests pass a fake.
 */

export type SignInFailure =
  /** The server answered: wrong username or password. */
  | 'badCredentials'
  /** The server answered 429: locked after repeated failures (see retryAt). */
  | 'tooManyAttempts'
  /** No answer at all: offline, DNS, refused connection. */
  | 'network'
  /** The server answered with something unexpected (5xx, bad JSON). */
  | 'server';

export type SignInResult =
  | { readonly ok: true; readonly value: SessionResponse }
  | {
      readonly ok: false;
      readonly error: SignInFailure;
      /** With tooManyAttempts: how long to wait before trying again. */
      readonly retryAfterMs?: number;
    };

export interface ApiClient {
  signIn(request: SessionRequest): Promise<SignInResult>;
  /** The pendency report for the token's person; throws when offline or refused. */
  pendencyReport(token: string, query: Partial<PendencyQuery>): Promise<PendencyReportResponse>;
  /** GET /api/search: the server's records matching `q`; throws when offline or refused. */
  searchServer(token: string, q: string): Promise<SearchResponse>;
  /** POST /api/demo/reset (trainer only, demo mode only); never throws. */
  demoReset(token: string): Promise<DemoResetResult>;
  /**
   * The same client at another origin: the district's own address, where sign-in
   * goes while the office relay answering this tablet's address is off (decision 0015).
   */
  at?(origin: string): ApiClient;
}

export type DemoResetFailure =
  /** 403: not the trainer, or the server is not running the demo district. */
  | 'forbidden'
  /** 401, or no token on this device (an offline sign-in without one). */
  | 'unauthenticated'
  | 'network'
  | 'server';

export type DemoResetResult =
  | { readonly ok: true; readonly value: DemoResetResponse }
  | { readonly ok: false; readonly error: DemoResetFailure };

/**
 * How long a request waits for the server's answer to begin before it is given up as
 * unreachable: sign-in then signs in with what the tablet remembers, the district
 * report opens its last copy. A hill office's Wi-Fi often stays up while its link to
 * the district is down: the browser says online, and a request may hang until the
 * system gives up on the connection, minutes later. A sign-in on 2G answers in a few
 * seconds.
 */
export const ANSWER_TIMEOUT_MS = 20_000;

export interface ApiClientOptions {
  /** ANSWER_TIMEOUT_MS unless a test wants it short. */
  readonly answerTimeoutMs?: number;
}

/**
 * `fetchFn`, given up (rejected as a network failure) when no answer has begun within
 * `ms`. Only until the answer begins: after that a slow body is a slow link, not a
 * dead one, and it is left to finish.
 */
export function answerWithin(fetchFn: typeof fetch, ms: number): typeof fetch {
  return async (input, init) => {
    const abort = new AbortController();
    const caller = init?.signal;
    const follow = () => abort.abort(caller?.reason);
    if (caller?.aborted === true) follow();
    else caller?.addEventListener('abort', follow, { once: true });
    const timer = setTimeout(() => abort.abort(new Error(`no answer in ${ms} ms`)), ms);
    try {
      return await fetchFn(input, { ...init, signal: abort.signal });
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', follow);
    }
  };
}

export function createApiClient(
  fetchFn: typeof fetch,
  baseUrl: string,
  options: ApiClientOptions = {},
): ApiClient {
  const url = (path: string): string => `${baseUrl.replace(/\/$/, '')}${path}`;
  const fetchAnswer = answerWithin(fetchFn, options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS);
  return {
    at: (origin) => createApiClient(fetchFn, origin, options),
    async signIn(request) {
      let response: Response;
      try {
        response = await fetchAnswer(url(API.session), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
      } catch {
        return { ok: false, error: 'network' };
      }
      return readSessionResponse(response);
    },
    pendencyReport: (token, query) =>
      fetchPendencyReport(fetchAnswer, baseUrl.replace(/\/$/, ''), token, query),
    demoReset: (token) => postDemoReset(fetchAnswer, url(API.demoReset), token),
    async searchServer(token, q) {
      const response = await fetchAnswer(`${url(SEARCH_API)}?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const parsed = parseSearchResponse(await response.json().catch(() => null));
      if (!response.ok || !parsed.ok) throw new Error(`search refused (${response.status})`);
      return parsed.value;
    },
  };
}

async function postDemoReset(
  fetchFn: typeof fetch,
  url: string,
  token: string,
): Promise<DemoResetResult> {
  if (token === '') return { ok: false, error: 'unauthenticated' };
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    return { ok: false, error: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) return { ok: false, error: 'unauthenticated' };
  if (response.status === 403) return { ok: false, error: 'forbidden' };
  if (response.ok && isDemoResetResponse(body)) return { ok: true, value: body };
  return { ok: false, error: 'server' };
}

function isDemoResetResponse(body: unknown): body is DemoResetResponse {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b['generation'] === 'number' && typeof b['records'] === 'number';
}

async function readSessionResponse(response: Response): Promise<SignInResult> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isSessionResponse(body)) return { ok: true, value: body };
  if (response.status === 429) {
    // Retry-After counts seconds from now, so the server's clock does not matter.
    const seconds = Number(response.headers.get('retry-after') ?? '60');
    const wait = Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
    return { ok: false, error: 'tooManyAttempts', retryAfterMs: wait * 1000 };
  }
  if (response.status === 401 || response.status === 403 || isBadCredentials(body)) {
    return { ok: false, error: 'badCredentials' };
  }
  return { ok: false, error: 'server' };
}

function isSessionResponse(body: unknown): body is SessionResponse {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b['token'] === 'string' &&
    typeof b['person'] === 'object' &&
    typeof b['directory'] === 'object'
  );
}

function isBadCredentials(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Partial<ApiError>).error === 'badCredentials'
  );
}
