import type { UpdateContext } from '@doc/validate-update.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import type { RecordLog } from '@domain/record-log.ts';
import type { RefusalReason } from '@protocol/messages.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';

/**
 * What the sync handler needs to know about record documents: validation of a
 * pushed update and the fold into a summary. Implemented over src/doc (the same
 * code the device runs) in doc-rules.ts; tests may substitute their own.
 */

export type Checked =
  | {
      readonly ok: true;
      /** Current state with the update applied. */
      readonly merged: Uint8Array;
      readonly meta: RecordMeta;
      /** False when the update adds nothing the server had not stored (a retry). */
      readonly changed: boolean;
      /** The events the update adds, in document order. */
      readonly newEvents: readonly RecordEvent[];
      /** True when the update creates the record. */
      readonly created: boolean;
    }
  | { readonly ok: false; readonly reason: RefusalReason; readonly detail: string };

export interface Folded {
  readonly summary: RecordRow | null;
  /** Its access list: everyone who has held or sent the record, and its named readers. */
  readonly participants: readonly PersonId[];
  /** The folded state (for the checks that need the fold's order); absent from tests' own rules. */
  readonly state?: RecordState | null;
  /** Its search keys, as the tablet indexes them; absent from tests' own rules. */
  readonly search?: SearchRow | null;
  /**
   * A saved group of recipients (groups.ts): its events, for the group's checks.
   * Present for groups only (which have no summary: no inbox, pendency, search).
   */
  readonly group?: { readonly events: readonly RecordEvent[] };
}

export interface RecordRules {
  /** `current` is empty when the server has no state for the record yet. */
  validate(
    current: Uint8Array,
    update: Uint8Array,
    /** The signed-in person, and how to check changes attested by other authors. */
    ctx: Omit<UpdateContext, 'recordId'>,
    recordId: RecordId,
  ): Checked;
  /** Folds the record in the order (and time bounds) of its log. */
  summarize(state: Uint8Array, log?: RecordLog): Folded;
}
