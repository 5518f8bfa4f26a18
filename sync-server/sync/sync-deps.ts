import type { VerifyBytes } from '@doc/verify-signed.ts';
import type { Directory } from '@domain/directory.ts';
import type { OfficeId, RecordId } from '@domain/ids.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { Repulls } from './repulls.ts';
import type { ContactBook } from './device-contact.ts';
import type { JudgePool } from './judge-pool.ts';
import type { KeyedLocks } from './keyed-locks.ts';
import type { RecordRules } from './record-rules.ts';
import type { TreeHeads } from './tree-heads.ts';

/** What a sync exchange (handle-sync.ts, judge-push.ts) works with. */
export interface SyncDeps {
  readonly storage: ServerStorage;
  readonly rules: RecordRules;
  readonly directory: Directory;
  readonly now: () => number;
  /** Refuse unsigned events and meta (the end of the signing transition). */
  readonly requireSignatures?: boolean;
  /** The signature primitive (node:crypto on the server); the pure one when absent. */
  readonly verify?: VerifyBytes;
  readonly contacts: ContactBook;
  /** Devices pulling everything again from cursor 0 (repulls.ts); only page one includes their own pushes when absent. */
  readonly repulls?: Repulls;
  /** Response page budget; PAGE_BYTES unless a test wants smaller pages. */
  readonly pageBytes?: number;
  /** The Merkle log's signed heads (every response carries one); none when absent. */
  readonly heads?: TreeHeads;
  /** Told of a record whose stored rows cannot be read (logged; the request goes on). */
  readonly onDamaged?: (recordId: RecordId, error: unknown) => void;
  /** Judges pushed updates in worker threads; on this thread when absent. */
  readonly judges?: JudgePool;
  /** Held by an exchange for its device and the records it pushes. */
  readonly locks: KeyedLocks;
  /**
   * On an office relay: the running register is numbered by the district alone, so
   * the relay's log entries of its tablets' dispatches take no serial here (decision
   * 0010, amendment 1); the district's number reaches them later.
   */
  readonly registerAtDistrict?: boolean;
  /**
   * On an office relay: its office. The relay takes from its tablets only its office's
   * people's work, as the district takes only that from the relay (relay-authors.ts).
   */
  readonly relayOffice?: OfficeId;
}
