import type { Person } from '@domain/directory.ts';
import { isRestricted } from '@domain/grades.ts';
import { JOIN_PROTOCOL, NO_GENERATION, PAGE_BYTES, PROTOCOL_VERSION } from '@protocol/messages.ts';
import type { JoinResponse, SyncRequest, SyncResponse } from '@protocol/messages.ts';
import type { Page, Puller, Scope } from '../storage/types.ts';
import { pageStart } from '../storage/sqlite-rows.ts';
import { StaleGenerationError } from '../storage/types.ts';
import { judgeAndCommit, refusalSize, type Pushed } from './judge-push.ts';
import { isRelayScope } from './relay-authors.ts';
import { loggedOf, withEntries } from './sync-log.ts';
import { deskPage, restPage } from './desk-join.ts';
import type { CommittedRecord } from './push-hub.ts';
import { scopeOf } from './scope.ts';
import type { SyncDeps } from './sync-deps.ts';

export type { SyncDeps } from './sync-deps.ts';

/**
 * One sync exchange: judge each pushed update and commit the accepted ones in one
 * durable transaction (judge-push.ts), then page out what the device lacks. Acks are only
 * built after the commit returned, so "acknowledged" means "on disk". Each
 * accepted event enters the server's log (docs/decisions/0002-record-order.md)
 * after what it builds on; the response tells the device the entries of what
 * it pushed and of what it pulls.
 */

export interface SyncOutcome {
  readonly response: SyncResponse;
  readonly committed: readonly CommittedRecord[];
  /** Highest seq written by this request (0 if none). */
  readonly committedHead: number;
}

/**
 * A device back after days away with work of its own (its cursor past 0, not joining,
 * and this exchange acks or refuses something of it) gets everything up to the head in
 * one answer when that fits in this many pages: a week's work in one exchange instead
 * of two saves a round trip (0.3 to 0.7 s on 3G and satellite), a request and a
 * response's head, and the second page compresses with the first (docs/BENCHMARKS.md,
 * "The week in one exchange"). Such an answer is the device's own anyway (its acks), so
 * it is never one the response cache shares. A device that only pulls gets a page, the
 * same bytes as every other device at its cursor (a storm's pulls share them,
 * response-encoding.ts); so does a longer catch-up and a join. Only the pushing device's
 * one answer can lose up to two pages to a drop. Two pages are about MAX_FRAME_BYTES, the
 * most the server takes in one request (an update's entries after its first are not
 * counted in its page, so such an answer can pass it by a tenth; nothing reading an
 * answer holds it to that bound). On PostgreSQL a read stops at PAGE_ROWS rows, so
 * a catch-up of many small rows is paged there.
 */
export const CATCH_UP_PAGES = 2;

/**
 * A join's pages, uncompressed: one and a half ordinary pages. Every answer is its own
 * brotli stream, which learns the office's phrases, field names and people again from
 * nothing; a larger page pays that once for more records (docs/BENCHMARKS.md, "Where
 * the join's bytes go": 3 % of a join's bytes at twice PAGE_BYTES) and a join takes a
 * third fewer round trips. What a drop on a bad link loses grows from about 5 s to
 * about 8 s on 2G. The frame, with its log entries, stays within MAX_FRAME_BYTES and
 * the server's brotli window (2^18).
 */
export const JOIN_PAGE_BYTES = 192 * 1024;

/** Fixed response bytes besides updates and refusals (header, counts, cursor, times). */
const RESPONSE_OVERHEAD = 64;

/**
 * The signed tree head and the proof from the device's size (when the server keeps
 * heads), read after this exchange's commit so the head includes what it accepted.
 */
async function logProof(deps: SyncDeps, req: SyncRequest) {
  if (deps.heads === undefined) return {};
  return deps.heads.forDevice(req.logSize ?? 0);
}

/** Bytes of a tree head and its proof on the wire, at most, for the page budget. */
const headSize = (log: { readonly consistency?: readonly Uint8Array[] }): number =>
  log.consistency === undefined ? 0 : 128 + 33 * log.consistency.length;

/**
 * The device's records belong to a generation wiped by a reset: take none of its
 * pushes (they would leak the old class's work into the new one) and tell it the
 * generation, so it wipes and pulls again from cursor 0.
 */
async function otherGeneration(
  deps: SyncDeps,
  req: SyncRequest,
  scope: Scope,
  generation: number,
  protocol: number,
) {
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol,
    acks: [],
    refusals: [],
    updates: [],
    cursor: 0,
    more: false,
    serverTime: deps.now(),
    headSeq: await deps.storage.headSeq(scope),
    generation,
    ...(await logProof(deps, req)),
  };
  return { response, committed: [], committedHead: 0 };
}

export async function handleSync(
  req: SyncRequest,
  person: Person,
  deps: SyncDeps,
  /** The person's own scope unless given (an office relay's: relay/relay-identity.ts). */
  scope: Scope = scopeOf(person),
): Promise<SyncOutcome> {
  // A device is answered in its own protocol (the decoder refused those older than
  // MIN_CLIENT_PROTOCOL).
  const protocol = Math.min(req.protocol, PROTOCOL_VERSION);
  const generation = await deps.storage.generation();
  const deviceGeneration = req.generation ?? NO_GENERATION;
  if (deviceGeneration !== NO_GENERATION && deviceGeneration !== generation)
    return otherGeneration(deps, req, scope, generation, protocol);
  // The exchange holds its device (its receipt and contact) and the records it pushes.
  const names = [`device:${req.deviceId}`, ...req.updates.map((u) => `record:${u.recordId}`)];
  let pushed: Pushed;
  try {
    pushed = await deps.locks.hold(names, () =>
      judgeAndCommit(req, person, scope, generation, deps),
    );
  } catch (e) {
    // A reset from the command line ran while this request was being judged.
    if (e instanceof StaleGenerationError)
      return otherGeneration(deps, req, scope, e.actual, protocol);
    throw e;
  }
  const { acked, items, seqs } = pushed;
  // An office relay keeps where the district logged what it forwards, to fold and serve
  // its records in the district's order (decision 0010, amendment 4), and the
  // running-register numbers the district alone gives (amendment 1): ~22 bytes an event.
  const logged = acked.length === 0 ? [] : await loggedOf(deps.storage, acked);
  const refusals = await withEntries(deps.storage, pushed.refusals);
  const committed = items.map((i) => ({
    recordId: i.recordId,
    office: i.office,
    access: i.access,
    // No row (never, for a record that passed validation): announced to its access list only.
    restricted: i.group !== true && (i.summary === null || isRestricted(i.summary.grade)),
  }));
  const log = await logProof(deps, req);
  const joining = req.protocol >= JOIN_PROTOCOL && req.join !== undefined;
  const budget =
    (deps.pageBytes ?? (joining ? JOIN_PAGE_BYTES : PAGE_BYTES)) -
    RESPONSE_OVERHEAD -
    headSize(log) -
    refusals.reduce((n, r) => n + refusalSize(r), 0);
  // From cursor 0 (a new device, one updated to the logged protocol, or one wiped) nothing
  // is left out, on every page until it reaches the head: it needs its own pushes too.
  const headSeq = await deps.storage.headSeq(scope);
  const includesOwn =
    deps.repulls?.includesOwn(req.deviceId, req.cursor, headSeq) ?? req.cursor === 0;
  const puller = includesOwn ? undefined : { deviceId: req.deviceId, person: person.id };
  const own = acked.length > 0 || refusals.length > 0;
  const { page, join } = await pageFor(req, person, scope, Math.max(budget, 1), puller, own, deps);
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol,
    acks: acked.map((u) => u.ref),
    ...(logged.length > 0 || !isRelayScope(scope) ? { logged } : {}),
    refusals,
    updates: page.updates,
    // The last seq scanned, past own rows left out, so an idle sync after a push reaches the head.
    cursor: page.cursor,
    more: page.more,
    serverTime: deps.now(),
    // The head read before the page, or past it if the page sent rows committed meanwhile
    // (the device only counts its progress by it; one query less on every exchange). Not
    // the page's cursor: a device whose cursor is past the head (a server restored from a
    // backup) would be told its own cursor as the head.
    headSeq: page.updates.reduce((head, u) => Math.max(head, u.seq), headSeq),
    generation,
    ...log,
    ...(join === undefined ? {} : { join }),
  };
  return { response, committed, committedHead: Math.max(0, ...seqs) };
}

/**
 * The page of updates the device gets: its desk's rows while it joins desk first,
 * otherwise the rows past its cursor (without the desk's, after a desk phase;
 * desk-join.ts). A desk page leaves the cursor where it was and says more.
 */
async function pageFor(
  req: SyncRequest,
  person: Person,
  scope: Scope,
  budget: number,
  puller: Puller | undefined,
  own: boolean,
  deps: SyncDeps,
): Promise<{ readonly page: Page; readonly join?: JoinResponse }> {
  const join = req.protocol >= JOIN_PROTOCOL ? req.join : undefined;
  if (join?.phase === 'desk') {
    const desk = await deskPage(deps.storage, person, scope, join, budget);
    return { page: { updates: desk.updates, cursor: req.cursor, more: true }, join: desk.join };
  }
  if (join !== undefined)
    return restPage(deps.storage, person, scope, join, {
      cursor: req.cursor,
      budget,
      ...(puller === undefined ? {} : { puller }),
    });
  if (req.cursor === 0 || puller === undefined || !own)
    return { page: await deps.storage.updatesSince(req.cursor, scope, budget, puller) };
  // A reconnect with work of its own (CATCH_UP_PAGES): all that is left to the head in
  // one answer when it fits in CATCH_UP_PAGES pages, else a page.
  const pageBytes = deps.pageBytes ?? PAGE_BYTES;
  const whole = await deps.storage.updatesSince(
    req.cursor,
    scope,
    budget + (CATCH_UP_PAGES - 1) * pageBytes,
    puller,
  );
  return { page: whole.more ? pageStart(whole, budget) : whole };
}
