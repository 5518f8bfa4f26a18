import type { EventId, PersonId, RecordId } from './ids.ts';
import type { EventBase } from './event-base.ts';
import type { FileAttachEvent } from './file-attach-events.ts';
export type { VolumeClosedEvent } from './volume-events.ts';
import type { FileLinkEvent } from './file-link-events.ts';
import type { GroupEvent } from './group-events.ts';
import type { VolumeClosedEvent } from './volume-events.ts';
import type { LetterEvent } from './letter-events.ts';
import type { RetentionCategory } from './retention.ts';

/**
 * Everything that happens to a record is an event, appended once and never
 * changed. Events are plain JSON so they can live inside a Y.Array as-is.
 */

export const PRIORITIES = ['normal', 'urgent', 'mostUrgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Security grades (issue 17): a confidential or secret record reaches only the
 * devices of the people on its access list (grades.ts), ranked in this order.
 */
export const GRADES = ['normal', 'confidential', 'secret'] as const;
export type Grade = (typeof GRADES)[number];

export const RECEIPT_MODES = ['post', 'speedPost', 'hand', 'email', 'fax', 'courier'] as const;
export type ReceiptMode = (typeof RECEIPT_MODES)[number];

export type { EventBase } from './event-base.ts';
export * from './letter-events.ts';
export type { FileLinkedEvent, FileLinkEvent, FileUnlinkedEvent } from './file-link-events.ts';
export type {
  AttachedUnderEvent,
  DetachedFromEvent,
  FileAttachedEvent,
  FileAttachEvent,
  FileDetachedEvent,
} from './file-attach-events.ts';
export type {
  GroupDeletedEvent,
  GroupEvent,
  GroupMembersSetEvent,
  GroupNamedEvent,
} from './group-events.ts';

/**
 * Movement events carry `basis`: the id of the last movement event the actor's
 * device had seen (null for none). Two moves made from the same basis on
 * different devices conflict; the fold keeps the first in event order and
 * reports the other as a conflict.
 */
export interface MovementBase extends EventBase {
  readonly basis: EventId | null;
}

export interface NotingEvent extends EventBase {
  readonly type: 'noting';
  readonly text: string;
}

export interface SentEvent extends MovementBase {
  readonly type: 'sent';
  readonly to: PersonId;
  readonly remarks: string;
  /** Calendar date `YYYY-MM-DD`, or null. */
  readonly dueDate: string | null;
  readonly priority: Priority;
  /**
   * Files: people who receive the file for information (`Copy to`, issue 17).
   * They may read it and mark it seen, never move it (copies.ts). Absent on
   * sends without copies (and on every send made before copies).
   */
  readonly copyTo?: readonly PersonId[];
  /**
   * A file attached under another (file-attach.ts) moves only with it: its send
   * names the main file it goes with. Absent on every other send.
   */
  readonly withFile?: RecordId;
}

export interface OpenedEvent extends MovementBase {
  readonly type: 'opened';
}

export interface PulledBackEvent extends MovementBase {
  readonly type: 'pulledBack';
}

export interface ParkedEvent extends MovementBase {
  readonly type: 'parked';
  readonly remarks: string;
}

export interface ClosedEvent extends MovementBase {
  readonly type: 'closed';
  readonly remarks: string;
  /**
   * The retention schedule's category and the review date (retention.ts), both
   * or neither; absent on closes made before the records life cycle.
   */
  readonly retention?: RetentionCategory;
  /** `YYYY-MM-DD`: when the file is due for review (A, B) or weeding (C-n). */
  readonly reviewDate?: string;
  /**
   * The officer whose approval of the closure the closer records (CSMOP: a file
   * is closed with an officer's approval; closure.ts). The close puts them on
   * the file's access list. Absent on closes made before the closure approver.
   */
  readonly approvedBy?: PersonId;
}

export interface ReopenedEvent extends MovementBase {
  readonly type: 'reopened';
}

/** First event of a receipt: the letter's particulars. */
export interface DiarisedEvent extends EventBase {
  readonly type: 'diarised';
  readonly from: string;
  readonly letterNumber: string;
  /** `YYYY-MM-DD`. */
  readonly letterDate: string;
  readonly mode: ReceiptMode;
}

/** On a receipt: it was put in a file. */
export interface PutInFileEvent extends MovementBase {
  readonly type: 'putInFile';
  readonly fileId: RecordId;
  readonly fileNumber: string;
}

/** On a file: a receipt was attached to its correspondence side. */
export interface ReceiptAttachedEvent extends EventBase {
  readonly type: 'receiptAttached';
  readonly receiptId: RecordId;
  readonly diaryNumber: string;
  readonly subject: string;
}

/** Mime types a scan may have; the device sniffs the bytes before trusting one. */
export const ATTACHMENT_MIMES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const;
export type AttachmentMime = (typeof ATTACHMENT_MIMES)[number];

/**
 * On a receipt or a file: a scan was attached. The bytes live outside the
 * record (device blob store, server blob directory), addressed by their
 * SHA-256; the event is the reference and the reason the server lets a reader
 * download them.
 */
export interface AttachmentAddedEvent extends EventBase {
  readonly type: 'attachmentAdded';
  /** SHA-256 of the stored bytes, lowercase hex. */
  readonly sha256: string;
  readonly mime: AttachmentMime;
  readonly bytes: number;
  /** Pages in the scan (1 for an image). */
  readonly pages: number;
  /** File name as the person chose it, for the list of scans. */
  readonly name: string;
  /** Pixel size of an image; null for a PDF. */
  readonly width: number | null;
  readonly height: number | null;
}

/**
 * The author of an event that did not take effect (a conflict) has read it and
 * lets it go, saying why. Nothing is removed: the conflicted event stays in the
 * record and on the file, marked dismissed, and the reminder stops. Only the
 * conflicted event's own author may dismiss it (rules.ts).
 */
export interface ConflictDismissedEvent extends EventBase {
  readonly type: 'conflictDismissed';
  /** The id of the conflicted event. */
  readonly conflict: EventId;
  readonly reason: string;
}

/**
 * The author re-submitted the text of their own noting that did not take
 * effect (`conflict`) as the new noting `noting`, made in the same change just
 * before this event. The noting itself is a plain noting, so every build of
 * the app shows it; only the link is new (a build that does not know this
 * type skips it and keeps showing the conflict as open).
 */
export interface ConflictResubmittedEvent extends EventBase {
  readonly type: 'conflictResubmitted';
  readonly conflict: EventId;
  readonly noting: EventId;
}

/**
 * The record's security grade was set: by its creator in the change that
 * creates it, or later raised by its holder, or lowered by a holder who is its
 * creator or an officer (rules.ts, grades.ts). A build that does not know this
 * type skips it: it shows the record as normal, but the server has already
 * decided which devices receive it at all.
 */
export interface GradeChangedEvent extends EventBase {
  readonly type: 'gradeChanged';
  readonly grade: Grade;
}

/** The holder of a confidential or secret record put `person` on its access list. */
export interface AccessGrantedEvent extends EventBase {
  readonly type: 'accessGranted';
  readonly person: PersonId;
}

/**
 * A copy holder (someone the file was sent to with `Copy to`) has read it:
 * the copy leaves their inbox's For information list (copies.ts).
 */
export interface CopySeenEvent extends EventBase {
  readonly type: 'copySeen';
}

/**
 * On a file, by whoever sent `person` their copy for information: the copy is
 * withdrawn; it leaves their For information list (copies.ts withdrawRule).
 */
export interface CopyWithdrawnEvent extends EventBase {
  readonly type: 'copyWithdrawn';
  readonly person: PersonId;
}

/**
 * On a receipt sent to several people (issue 17): a copy of it, the receipt
 * `copy` numbered `number`, was made for `to` to act on (receipt-copies.ts).
 * Made by the holder in the change that sends the receipt itself.
 */
export interface ReceiptCopiedEvent extends EventBase {
  readonly type: 'receiptCopied';
  readonly copy: RecordId;
  readonly number: string;
  readonly to: PersonId;
}

/**
 * The first event of such a copy, in place of `diarised`: the receipt it is a
 * copy of and that receipt's letter particulars (so whoever sends a receipt
 * on makes its copies, diarising role or not).
 */
export interface CopiedFromEvent extends EventBase {
  readonly type: 'copiedFrom';
  readonly receipt: RecordId;
  readonly number: string;
  readonly from: string;
  readonly letterNumber: string;
  /** `YYYY-MM-DD`. */
  readonly letterDate: string;
  readonly mode: ReceiptMode;
}

export type RecordEvent =
  | NotingEvent
  | SentEvent
  | OpenedEvent
  | PulledBackEvent
  | ParkedEvent
  | ClosedEvent
  | ReopenedEvent
  | DiarisedEvent
  | PutInFileEvent
  | ReceiptAttachedEvent
  | AttachmentAddedEvent
  | ConflictDismissedEvent
  | ConflictResubmittedEvent
  | LetterEvent
  | GradeChangedEvent
  | AccessGrantedEvent
  | CopySeenEvent
  | CopyWithdrawnEvent
  | ReceiptCopiedEvent
  | CopiedFromEvent
  | FileLinkEvent
  | FileAttachEvent
  | VolumeClosedEvent
  | GroupEvent;

export type EventType = RecordEvent['type'];

export const EVENT_TYPES = [
  'noting',
  'sent',
  'opened',
  'pulledBack',
  'parked',
  'closed',
  'reopened',
  'diarised',
  'putInFile',
  'receiptAttached',
  'attachmentAdded',
  'conflictDismissed',
  'conflictResubmitted',
  'letterDrafted',
  'letterRevised',
  'letterApproved',
  'letterDispatched',
  'gradeChanged',
  'accessGranted',
  'copySeen',
  'receiptCopied',
  'copiedFrom',
  'fileLinked',
  'fileAttached',
  'fileDetached',
  'attachedUnder',
  'detachedFrom',
  'volumeClosed',
  'copyWithdrawn',
  'fileUnlinked',
  'groupNamed',
  'groupMembersSet',
  'groupDeleted',
] as const satisfies readonly EventType[];

export const LETTER_EVENT_TYPES = [
  'letterDrafted',
  'letterRevised',
  'letterApproved',
  'letterDispatched',
] as const satisfies readonly LetterEvent['type'][];

export const MOVEMENT_TYPES = [
  'sent',
  'opened',
  'pulledBack',
  'parked',
  'closed',
  'reopened',
  'putInFile',
] as const satisfies readonly EventType[];

export type MovementEvent = Extract<RecordEvent, { basis: EventId | null }>;

/** Limits shared by device and server validation. */
export const LIMITS = {
  /** A stored noting's ceiling: events made before newNotingChars still load. */
  notingChars: 20_000,
  /**
   * A new noting's length. An office's long noting (a case summarised for the
   * DM) runs to a few thousand characters; 6,000 leaves room for that while a
   * noting every tablet downloads stays under ~18 KB of Devanagari UTF-8.
   */
  newNotingChars: 6_000,
  remarksChars: 2_000,
  /** The reason given when dismissing one's own conflicted noting or action. */
  dismissReasonChars: 500,
  subjectChars: 500,
  shortFieldChars: 200,
  /** One stored scan (after downscaling): a multi-page PDF of office letters fits. */
  attachmentBytes: 25 * 1024 * 1024,
  attachmentPages: 500,
  /** Largest side of an image, in pixels. */
  attachmentPixels: 20_000,
  /** One language's text of a draft letter (a long order runs to a few pages). */
  letterChars: 12_000,
  /** A draft letter's addressees. */
  addresseeChars: 1_000,
  /** People one send may copy the file to (`Copy to`): a whole office's staff fits. */
  copyRecipients: 50,
  /** Heads an event may name in `prev`: one per concurrent offline branch it joins. */
  prevHashes: 64,
  /** Volumes of one file (`Close volume`, volumes.ts); CSMOP's 300 pages each is far below. */
  volumes: 999,
  /** A saved group's name (groups.ts). */
  groupNameChars: 100,
  /** People in one saved group: as many as one send may copy to. */
  groupMembers: 50,
} as const;
