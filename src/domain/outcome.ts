import type { ConflictReason } from './record.ts';

/**
 * What a command answers: its value, or why it was refused. One list of
 * reasons for every path that makes events (the device's services, the demo
 * seed, tests); the UI translates each code. The fold's own reasons
 * (ConflictReason) come straight from the rules; the rest are about the input.
 */
export type CommandError =
  | ConflictReason
  /** The record is not on this device (or not created yet). */
  | 'notFound'
  /** A file where a receipt was expected, or the other way round. */
  | 'wrongKind'
  /** The person's role may not make this event (roles.ts). */
  | 'roleForbidden'
  /** Finalising a draft noting that is empty. */
  | 'emptyDraft'
  /** The input breaks the event schema or a limit; `detail` says which field. */
  | 'invalidInput'
  /** The recipient is not in the directory. */
  | 'unknownPerson'
  /**
   * This tablet has no device number yet, so it cannot number a new file, receipt
   * or dispatch: it signed in at an office relay while the district could not be
   * reached, and the district gives the number when it confirms the tablet
   * (docs/RELAY.md, section 4).
   */
  | 'noDeviceNumber'
  /** The person's office is not in the directory. */
  | 'unknownOffice'
  /** `Link file` names a receipt, a confidential or secret file, or one not on this tablet (file-links.ts). */
  | 'linkInvalid'
  /** `Withdraw` of a copy its author never sent (copies.ts withdrawerProblem). */
  | 'withdrawInvalid'
  /** `Remove link` by someone who never held the file (file-links.ts unlinkerProblem). */
  | 'unlinkInvalid'
  /** `Attach file` with either file closed (file-attach.ts attachObstacle). */
  | 'attachClosed'
  /** `Attach file` of a file attached under another already. */
  | 'attachedElsewhere'
  /** `Attach file` of the file this one is attached under: a loop. */
  | 'attachCycle'
  /** `Attach file` beyond one level: the file has files under it, or this one is attached. */
  | 'attachNested'
  /** A saved group of another office: only its people change it (groups.ts groupProblem). */
  | 'groupForbidden'
  /** A saved group's change that is not one: no name or members, unknown people, deleted (groups.ts). */
  | 'groupInvalid';

export type Outcome<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: CommandError; readonly detail?: string };

export function refused(error: CommandError, detail?: string): Outcome<never> {
  return detail === undefined ? { ok: false, error } : { ok: false, error, detail };
}
