/**
 * Why an incoming record update is refused. Defined here (pure domain) so the
 * document validator in src/doc can name them without importing the protocol
 * layer; src/protocol/messages.ts carries the same list for the wire.
 */
export const REFUSAL_REASONS = [
  /** The update deletes or rewrites events. */
  'eventsDeleted',
  /** The update changes meta of an existing record. */
  'metaChanged',
  /** A new record's meta is missing or malformed. */
  'metaInvalid',
  /** An event does not match the event schema. */
  'eventMalformed',
  /** The same event id appears twice. */
  'eventDuplicated',
  /**
   * An event's actor (or a new record's creator) is not the signed-in person,
   * and no valid attestation by that author for this device vouches for it.
   */
  'actorMismatch',
  /** The person's role may not produce this event type. */
  'roleForbidden',
  /** The record is outside the person's scope. */
  'outOfScope',
  /** The update is larger than the server's limit. */
  'updateTooLarge',
  /** The update is not a decodable Yjs update. */
  'updateMalformed',
  /** The update touches shared types other than meta, events and letter. */
  'unknownContent',
  /** The update depends on content the receiver does not have. */
  'missingDependencies',
  /**
   * The update's structure would be slow to apply: too many items, too many
   * inserted at one position, too many deleted ranges (see src/doc/update-shape.ts).
   */
  'updateTooComplex',
  /** The update writes into the draft letter, which the app does not use yet. */
  'letterNotEnabled',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
