import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RelayKeyVouch } from '@doc/relay-vouch.ts';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { ApiError } from '@protocol/api.ts';
import type { ServerConfig } from '../config.ts';
import type { Accounts, Authentication, NotCheckedYet } from '../auth/accounts.ts';
import type { SealKey } from '../auth/seal-key.ts';
import type { VouchAnswer } from '../auth/relay-vouches.ts';
import type { DistrictLogReport } from '../relay/district-log.ts';
import type { DistrictProofs } from '../relay/district-proofs.ts';
import type { LaterRefusals } from '../relay/later-refusals.ts';
import { bearerToken } from '../auth/tokens.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { Repulls } from '../sync/repulls.ts';
import type { ContactBook } from '../sync/device-contact.ts';
import type { JudgePool } from '../sync/judge-pool.ts';
import type { KeyedLocks } from '../sync/keyed-locks.ts';
import type { PushHub } from '../sync/push-hub.ts';
import type { RecordRules } from '../sync/record-rules.ts';
import type { PersonBytes } from './person-bytes.ts';
import type { TreeHeads } from '../sync/tree-heads.ts';
import type { PersonRate } from './person-rate.ts';
import type { SyncResponseEncoder } from './response-encoding.ts';

/** Everything a route needs, built once per server instance (no module state). */
export interface AppContext {
  readonly config: ServerConfig;
  readonly storage: ServerStorage;
  readonly directory: Directory;
  readonly accounts: Accounts;
  readonly hub: PushHub;
  readonly rules: RecordRules;
  readonly now: () => number;
  /** Each device's latest exchange, for the time bounds of what it pushes. */
  readonly contacts: ContactBook;
  readonly repulls: Repulls;
  /** Runs demo resets one at a time (commits need no queue: the storage compares heads, decision 0007). */
  readonly serialize: <T>(task: () => Promise<T>) => Promise<T>;
  /** Held by a sync exchange for its device and the records it pushes. */
  readonly locks: KeyedLocks;
  /** Judges pushed updates in worker threads; absent when a test gives its own rules. */
  readonly judges?: JudgePool;
  /** Sync response bodies, brotli or gzip, with what devices share compressed once. */
  readonly encodeSyncResponse: SyncResponseEncoder;
  /** Sync response page budget (see ServerDeps.syncPageBytes). */
  readonly syncPageBytes?: number;
  /**
   * The district's key relays seal provisional registrations to (decision 0011);
   * absent on a relay, which forwards them and opens none.
   */
  readonly sealKey?: SealKey;
  /**
   * On an office relay: whether a signing key is one it registered while the
   * district could not be reached and the district has not yet confirmed
   * (decision 0011). Absent at the district, where every key is the district's.
   */
  readonly provisionalKey?: (keyId: string) => boolean;
  /**
   * On an office relay: the district's refusals of work the relay had taken from
   * its tablets, told to each at its next sync (decision 0013). Absent at the district.
   */
  readonly laterRefusals?: LaterRefusals;
  /**
   * On an office relay: the alarm standing because its district's sync answers failed
   * the log check (decision 0010, amendment 2), or `noKey` while it keeps no key of the
   * district to check by, or null. Absent at the district.
   */
  readonly districtLogTrouble?: () => DistrictLogReport | null;
  /**
   * On an office relay: the device number the district gave a tablet it confirmed
   * there (decision 0011), for the tablet's device-keys answer. Absent at the district.
   */
  readonly districtDeviceNumber?: (deviceId: DeviceId) => number | undefined;
  /**
   * On an office relay: running-register numbers are the district's alone; the relay
   * takes none of its own (decision 0010, amendment 1). Absent at the district.
   */
  readonly registerAtDistrict?: true;
  /** On an office relay: its office, whose people's work alone it takes. Absent at the district. */
  readonly relayOffice?: OfficeId;
  /**
   * At the district: its word, signed with its log key, that office `office`'s relay
   * (account `relay`) signs with `relayKey` (decision 0017), recorded before it is
   * given; or why not (a second key for the same account, auth/relay-vouches.ts).
   * Absent on a relay.
   */
  readonly vouchRelay?: (relay: PersonId, office: string, relayKey: string) => Promise<VouchAnswer>;
  /** On an office relay: the district's word for its log key, once it has one (decision 0017). */
  readonly relayVouch?: () => RelayKeyVouch | null;
  /**
   * On an office relay: a tablet asked for a scan of a record it may read that the
   * relay does not have; the relay fetches it from the district (relay/scans-down.ts).
   * Absent at the district.
   */
  readonly scanWanted?: (sha256: string, recordId: RecordId) => void;
  /**
   * On an office relay: the district's own inclusion proofs of a record, asked for
   * with the relay's session and passed on as signed (decision 0020). Absent at the
   * district, which answers its own.
   */
  readonly districtProofs?: (recordId: RecordId) => Promise<DistrictProofs>;
  /** Signed heads of the Merkle log, for every sync response (protocol 5). */
  readonly heads: TreeHeads;
  /** Sync requests per person (config.syncPerMinute). */
  readonly syncRate: PersonRate;
  /** Pendency reports per person (config.reportsPerMinute). */
  readonly reportRate: PersonRate;
  /** Inclusion-proof requests per person, a bucket of its own at the sync rate. */
  readonly proofRate: PersonRate;
  /** Bytes each person may send in a day (sync bodies and scan uploads). */
  readonly dailyBytes: PersonBytes;
}

/** Retry-After counts whole seconds from now, so the client's clock does not matter. */
export const retryAfterSeconds = (ms: number): string => String(Math.max(1, Math.ceil(ms / 1000)));

export function createSerializer(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function sendApiError(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

/**
 * The answer to a request `authOf` did not sign in: 429 with Retry-After while an
 * office relay waits for its budget to ask the district about the token (the
 * device waits, and is not signed out), else 401 (`detail`).
 */
export function refuseUnauthenticated(
  reply: FastifyReply,
  auth: NotCheckedYet | null,
  detail = 'sign in first',
): FastifyReply {
  if (auth === null) return sendApiError(reply, 401, { error: 'unauthenticated', detail });
  return sendNotCheckedYet(reply, auth.laterMs);
}

/** 429 for a session that can be checked in `later` ms (NotCheckedYet). */
export function sendNotCheckedYet(reply: FastifyReply, later: number): FastifyReply {
  reply.header('retry-after', retryAfterSeconds(later));
  return sendApiError(reply, 429, {
    error: 'tooManyRequests',
    detail: `this session cannot be checked yet; try again in ${later} ms`,
  });
}

/** The request's session from `Authorization: Bearer …`: signed in, not checked yet, or null. */
export function authOf(ctx: AppContext, request: FastifyRequest): Promise<Authentication> {
  return ctx.accounts.authenticate(bearerToken(request.headers.authorization), request.ip);
}
