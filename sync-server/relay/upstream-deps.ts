import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { AppContext } from '../http/context.ts';
import type { DistrictLog } from './district-log.ts';
import type { LaterRefusals } from './later-refusals.ts';
import type { PendingRegistrations } from './pending-registrations.ts';
import type { DirectoryDeps } from './relay-directory.ts';
import type { RelayState } from './relay-state.ts';
import type { SignOuts } from './sign-outs.ts';

// What the relay's upstream link (upstream.ts, upstream-before.ts) works with, and how a run ends.

/** With the directory the relay works with, taken at each run (relay-directory.ts). */
export interface UpstreamDeps extends DirectoryDeps {
  readonly ctx: AppContext;
  readonly dataDir: string;
  readonly office: OfficeId;
  readonly relay: PersonId;
  readonly key: string;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** How long to wait between syncs. */
  readonly intervalMs: number;
  /** The longest wait between tries while the district cannot be reached. */
  readonly backoffMaxMs: number;
  /** The longest wait before a held record is pushed again alone (PATRAVALI_RELAY_HELD_MAX_MS). */
  readonly heldMaxMs: number;
  /** In [0, 1): spreads the relays' retries after an outage. */
  readonly random: () => number;
  state: RelayState;
  /** The ETag of the district's key list last taken ('' at start: the first run takes it whole). */
  keysTag: string;
  /** Keys registered here while the district could not be reached, to forward. */
  readonly pending: PendingRegistrations;
  /** The district's refusals of what the relay forwarded, until its tablets have them. */
  readonly refusals: LaterRefusals;
  /** Sign-outs at the relay still to tell the district. */
  readonly signOuts: SignOuts;
  /** The district's log key and last verified head: every sync answer is checked by them. */
  readonly districtLog: DistrictLog;
  /**
   * The district refused the relay (revoked, or its key refused at sign-in): the link has
   * stopped, and the relay closes so its tablets sync with the district (decision 0021).
   */
  readonly refused?: () => void;
  /** The scan transfers, started after each run that reached the district (scan-link.ts). */
  readonly scans?: { kick(): void };
  /** How often the relay asks which of its sessions the district ended. */
  readonly sessionCheckMs: number;
  /** When it last asked (its clock; 0 at start: the first run asks). */
  sessionsCheckedAt: number;
  /**
   * The district's last answer to the sign-outs other than 200, logged once: until
   * it answers otherwise (null: none, or 200 since). A run that asks nothing keeps it.
   */
  sessionEndsRefused?: number | null;
  /**
   * A sign-in answered since the relay started (ensureToken): a district that named no
   * log key is not asked again; until then a relay keeping none asks at each run.
   */
  keyAsked?: boolean;
}

/**
 * How a run ended; `stopped`: the district refused the relay (revoked, its key refused);
 * `offline` says why the district could not be reached (logged once per
 * outage); `logAlarm`: an answer failed the log check and nothing of it was applied
 * (district-log.ts logs it once while it lasts). Both are tried again with backoff.
 */
export type RunEnd = 'done' | 'stopped' | 'logAlarm' | { readonly offline: string };
