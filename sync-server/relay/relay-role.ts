import type { RelayKeyVouch } from '@doc/relay-vouch.ts';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId, OfficeId, RecordId } from '@domain/ids.ts';
import type { Accounts } from '../auth/accounts.ts';
import type { AppContext } from '../http/context.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { DistrictLogReport } from './district-log.ts';
import type { DistrictProofs } from './district-proofs.ts';
import type { LaterRefusals } from './later-refusals.ts';

/**
 * What makes the server program an office relay (docs/decisions/0010-office-relay.md):
 * the district's directory instead of one of its own, sign-in through the
 * district, and the upstream link started once the server is ready. app.ts
 * knows nothing more of relays than this.
 */
export interface RelayRole {
  /** The office the relay serves: it takes from its tablets only its people's work. */
  readonly office: OfficeId;
  /**
   * The district's directory, as the relay last received it: read at each use,
   * since the upstream link takes the district's changes while the relay runs.
   */
  directory(): Directory;
  /** The relay's accounts, over the server's own: sign-in goes to the district. */
  accounts(local: Accounts, storage: ServerStorage, logKey: string): Accounts;
  /** Whether a key was registered here without the district and awaits its confirmation. */
  isProvisionalKey(keyId: string): boolean;
  /** The district's number of a tablet it confirmed here (decision 0011); undefined if none. */
  districtDeviceNumber(deviceId: DeviceId): number | undefined;
  /** The district's refusals of what the relay forwarded, for its tablets (decision 0013). */
  readonly laterRefusals: LaterRefusals;
  /** The district's word for the relay's log key, once it has one (decision 0017). */
  vouch(): RelayKeyVouch | null;
  /** The district's log alarm standing, or `noKey` (decision 0010, amendment 2), or null: `/healthz`. */
  districtLogTrouble(): DistrictLogReport | null;
  /** A tablet asked for a scan the relay does not have: fetched from the district (scans-down.ts). */
  scanWanted(sha256: string, recordId: RecordId): void;
  /** The district's own inclusion proofs of a record, asked for with the relay's session (decision 0020). */
  districtProofs(recordId: RecordId): Promise<DistrictProofs>;
  /** The server is closing: every call to the district in flight is given up (closing-fetch.ts). */
  closing(): void;
  /** Starts the upstream link; returns how to stop it (the server awaits it on close). */
  start(ctx: AppContext): () => Promise<void>;
}
