import type { EventId, PersonId } from './ids.ts';

/** Fields every event carries. */
export interface EventBase {
  readonly id: EventId;
  /** Author: the person who pushed it, or whose `attest` the server verifies. */
  readonly actor: PersonId;
  /** Hybrid logical clock, serialised so that string order is time order (see hlc.ts). */
  readonly hlc: string;
  /** The device's wall clock (ms since epoch) when the event was made. */
  readonly deviceTime: number;
  /** False when the device's clock had never been corrected against the server. */
  readonly clockVerified: boolean;
  /**
   * HMAC-SHA-256 (base64url) of the event without this field, under the actor's
   * per-device author key (src/doc/attest.ts). Lets a change made by one person
   * be pushed under another's session on a shared tablet. Absent on old events.
   */
  readonly attest?: string;
  /**
   * Device signature fields (src/doc/signature.ts), on every event made since
   * signing began: `prev` the sorted hashes of the record's heads in the
   * author's view (the DAG frontier), `key` the signing key's id, `sig` the
   * signature over the canonical bytes. Absent on older events, which count as
   * attested by the server.
   */
  readonly prev?: readonly string[];
  readonly key?: string;
  readonly sig?: string;
}
