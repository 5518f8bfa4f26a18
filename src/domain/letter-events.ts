import type { EventBase } from './event-base.ts';
import type { EventId, RecordId } from './ids.ts';

/** Draft letters' events (issue 16): drafted, revised, approved, dispatched (letters.ts). */

/** Templates a new draft letter starts from (letter-templates.ts fills them). */
export const LETTER_TEMPLATES = ['blank', 'reply', 'order', 'report'] as const;
export type LetterTemplate = (typeof LETTER_TEMPLATES)[number];

/** How an approved letter leaves the office. */
export const DISPATCH_MODES = ['post', 'registeredPost', 'email', 'hand'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];

/**
 * A draft letter's content, whole: every version carries all of it, so a
 * version is readable (and its hash checkable) on its own. `hindi` first;
 * `english` is '' for a Hindi-only letter (a bilingual one has both).
 */
export interface LetterContent {
  /** Addressee(s), one a line. */
  readonly to: string;
  readonly subject: string;
  /** The receipt this letter answers (one of the file's receipts), or null. */
  readonly reference: RecordId | null;
  readonly hindi: string;
  readonly english: string;
}

/** On a file: a new draft letter (DESIGN.md §3: draft for approval). Its id is the draft's id. */
export interface LetterDraftedEvent extends EventBase, LetterContent {
  readonly type: 'letterDrafted';
  readonly template: LetterTemplate;
}

/** A new version of draft `draft`, whole (see LetterContent). */
export interface LetterRevisedEvent extends EventBase, LetterContent {
  readonly type: 'letterRevised';
  readonly draft: EventId;
}

/**
 * The draft was approved as it stood in `version` (the letterDrafted or
 * letterRevised event that made that version), whose content hashes to
 * `textHash` (letters.ts letterHash). Signed like every event; from here on
 * the draft is frozen.
 */
export interface LetterApprovedEvent extends EventBase {
  readonly type: 'letterApproved';
  readonly draft: EventId;
  readonly version: EventId;
  /** SHA-256 (lowercase hex) of the approved version's content. */
  readonly textHash: string;
}

/** The approved letter left the office, under a dispatch number (letters.ts). */
export interface LetterDispatchedEvent extends EventBase {
  readonly type: 'letterDispatched';
  readonly draft: EventId;
  readonly mode: DispatchMode;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Unique within the office, made on the device: e.g. `VKN/DSP/2026/3-5(II)`. */
  readonly number: string;
}

export type LetterEvent =
  LetterDraftedEvent | LetterRevisedEvent | LetterApprovedEvent | LetterDispatchedEvent;
