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
  // Device signatures (src/doc/verify-signed.ts). Appended: the wire sends the index.
  /** An event or new meta carries no device signature and unsigned items are no longer taken. */
  'unsigned',
  /** The signing key is not registered for the item's author. */
  'keyUnknown',
  /** The item's clock names another device than the one its key belongs to. */
  'keyNotDevice',
  /** The signing key was revoked by an administrator. */
  'keyRevoked',
  /** The signature does not match the item's bytes (altered, or copied from another record). */
  'signatureInvalid',
  /** An event's `prev` names something that is not in the record. */
  'prevMissing',
  /** An event does not follow the earlier events of its own key (reordered or dropped history). */
  'chainBroken',
  /** A new noting is longer than LIMITS.newNotingChars (appended: the index is on the wire). */
  'notingTooLong',
  // Claimed times (src/doc/check-claims.ts). Appended: the index is on the wire.
  /** An item claims a time further ahead of the server's clock than CLOCK_SKEW_MS. */
  'clockAhead',
  /**
   * An event claims a time before what its device had already seen or pushed in
   * the record (its creation, what the event builds on, the device's earlier
   * events there), by more than CLAIM_TOLERANCE_MS.
   */
  'clockBehind',
  /** A new record's number is already another record's in its office (appended: the index is on the wire). */
  'numberTaken',
  /**
   * The server's stored copy of the record is damaged (a row that no longer decodes):
   * nothing is stored and the device keeps its change to send again once an
   * administrator has repaired the record (appended: the index is on the wire).
   */
  'recordDamaged',
  // Draft letters (src/doc/check-letters.ts). Appended: the index is on the wire.
  /** The update changes a draft letter that was already approved (a change needs a new draft). */
  'letterFrozen',
  /** The approver's role may not approve letters for the record's office. */
  'approverForbidden',
  /** An approval's text hash is not the hash of the version it names. */
  'letterHashMismatch',
  /** A dispatch of a draft letter that is not approved. */
  'letterNotApproved',
  /**
   * A close's retention category or review date is not acceptable: an unknown
   * category, one without the other, or a review date before the file was
   * closed, before a C-n file's n years, or a century away (src/domain/retention.ts;
   * appended: the index is on the wire).
   */
  'retentionInvalid',
  /**
   * A security grade change or access-list entry its author may not make
   * (src/domain/grades.ts): raising the grade or naming a reader without holding
   * the record, lowering it without being its creator or an officer, a grade it
   * already has, or a reader already on the list (appended: the index is on the wire).
   */
  'gradeForbidden',
  /**
   * A device sent something that would set a running-register number itself (a
   * register field in a dispatch, or a dispatch number written as a register
   * number); only the server gives those (src/domain/running-register.ts;
   * appended: the index is on the wire).
   */
  'registerNumberForged',
  /**
   * A move of a file by someone who holds only a copy for information (`Copy
   * to`, src/domain/copies.ts) and could see that: its basis was the file's
   * latest move (appended: the index is on the wire).
   */
  'copyOnly',
  /**
   * A `Link file` naming a file the server does not know or its author may not
   * see, a receipt, a confidential or secret file, or a file by another number
   * or subject than its own (src/domain/file-links.ts linkProblem; appended:
   * the index is on the wire).
   */
  'linkInvalid',
  /**
   * A file attached under another (or its pair on the main file) naming a file
   * the server does not know, that is not a file, that its author does not
   * hold, or by another number or subject than its own
   * (src/domain/file-attach.ts attachProblem; appended: the index is on the wire).
   */
  'attachInvalid',
  /**
   * A `Close volume` its author made from the file's current state that the
   * rules refuse: not the holder, a closed file, a receipt, another volume than
   * the one being written, or an empty one (src/domain/volumes.ts
   * volumeProblem; appended: the index is on the wire).
   */
  'volumeInvalid',
  /**
   * A file's close naming a closure approver who may not approve it (not an
   * officer of the file's office or one above it), or naming one when its
   * author, seeing the file as it is, may not close it: not the holder, not its
   * creator, closed already (src/domain/closure.ts closureProblem; appended:
   * the index is on the wire).
   */
  'closureInvalid',
  /**
   * A copy for information withdrawn by someone who never sent that person a
   * copy of the file (src/domain/copies.ts withdrawProblem; appended: the
   * index is on the wire).
   */
  'withdrawInvalid',
  /**
   * A `Remove link` by someone who never held the file (src/domain/file-links.ts
   * unlinkProblem; appended: the index is on the wire).
   */
  'unlinkInvalid',
  /**
   * A saved group of recipients made or changed by someone who is not a person
   * of its office (src/domain/groups.ts groupProblem; appended: the index is on
   * the wire).
   */
  'groupForbidden',
  /**
   * A saved group's change that is not one: a new group without a name or
   * members, a member the directory does not know, a change to a deleted group,
   * a group's event on a file or receipt or a file's event on a group
   * (src/domain/groups.ts groupProblem; appended: the index is on the wire).
   */
  'groupInvalid',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
