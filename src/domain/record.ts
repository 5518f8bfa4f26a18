import type { RetentionCategory } from './retention.ts';
import type { AttachmentMime, Grade, RecordEvent, Priority, ReceiptMode } from './events.ts';
import type { EventId, OfficeId, PersonId, RecordId } from './ids.ts';
import type { DraftLetter } from './letters.ts';

export const RECORD_SCHEMA_VERSION = 1;

export type RecordKind = 'file' | 'receipt';
/**
 * What a record document may be: a file or receipt, folded by fold.ts into a
 * RecordState; or a saved group of recipients of an office (groups.ts), which
 * is not: no holder, no inbox, pendency, search or register (decision 0014).
 */
export const META_KINDS = ['file', 'receipt', 'group'] as const;
export type MetaKind = (typeof META_KINDS)[number];

export const CATEGORIES = [
  'revenue',
  'landRecords',
  'disasterRelief',
  'pensions',
  'establishment',
  'rti',
  'courtCases',
  'others',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Written once, when the record is created. */
export interface RecordMeta {
  readonly schemaVersion: number;
  readonly kind: MetaKind;
  readonly id: RecordId;
  /** File number or diary number, e.g. `VKN/REV/2026/3-17`. */
  readonly number: string;
  readonly subject: string;
  readonly category: Category;
  readonly office: OfficeId;
  readonly createdBy: PersonId;
  /** HLC string at creation. */
  readonly createdAt: string;
  readonly createdDeviceTime: number;
  readonly clockVerified: boolean;
  /** The creator's attestation of this meta (see EventBase.attest). */
  readonly attest?: string;
  /** Signing key id and signature (see EventBase); meta is the first item, so it has no `prev`. */
  readonly key?: string;
  readonly sig?: string;
}

/** The meta of a file or receipt: what the fold (fold.ts) folds. */
export type FoldedMeta = RecordMeta & { readonly kind: RecordKind };

export const isFoldedMeta = (meta: RecordMeta): meta is FoldedMeta => meta.kind !== 'group';

export type RecordStatus = 'active' | 'parked' | 'closed';

export interface Noting {
  /** Paragraph number on the note sheet, 1..n in event order. */
  readonly paragraph: number;
  readonly eventId: EventId;
  readonly text: string;
  readonly author: PersonId;
  readonly hlc: string;
  /** Milliseconds since epoch, from the HLC's wall part. */
  readonly at: number;
  readonly clockVerified: boolean;
}

/** One stay of the record with one person. */
export interface Hop {
  readonly holder: PersonId;
  /** Who sent it here (null for the creator's first stay). */
  readonly from: PersonId | null;
  readonly since: number;
  /** When it left this person; null while it is still here. */
  readonly until: number | null;
  /** until (or now) − since. */
  readonly dwellMs: number;
  readonly remarks: string;
  readonly dueDate: string | null;
  readonly priority: Priority;
  /** When the recipient opened it; null if not (yet). */
  readonly openedAt: number | null;
  /** True if the sender pulled it back before it was opened. */
  readonly pulledBack: boolean;
  readonly clockVerified: boolean;
  /** The event that began this stay (a send or a pull back); null for the creation. */
  readonly eventId: EventId | null;
}

export type ConflictReason =
  /** A move made from an older state than the one that won. */
  | 'staleBasis'
  /** The actor did not hold the record when the event took effect. */
  | 'notHolder'
  /** The record was closed. */
  | 'recordClosed'
  /** The event is not allowed in the record's state (e.g. pull back after open). */
  | 'notAllowed'
  /**
   * The actor holds only a copy for information (`Copy to`, copies.ts): they
   * may read the file and mark it seen, not note on it or move it.
   */
  | 'copyOnly';

/** How the author answered a conflict of theirs; null while it waits for them. */
export type ConflictResolution =
  | {
      readonly kind: 'resubmitted';
      /** The noting that re-submitted the text. */
      readonly eventId: EventId;
      readonly at: number;
    }
  | {
      readonly kind: 'dismissed';
      /** The conflictDismissed event. */
      readonly eventId: EventId;
      readonly reason: string;
      readonly at: number;
    };

/** An event that did not take effect. Kept in the record and shown, never dropped. */
export interface Conflict {
  readonly event: RecordEvent;
  readonly reason: ConflictReason;
  readonly resolution: ConflictResolution | null;
}

export interface AttachedReceipt {
  readonly receiptId: RecordId;
  readonly diaryNumber: string;
  readonly subject: string;
  readonly at: number;
}

/** A scan on a receipt or file (from an attachmentAdded event). */
export interface Attachment {
  readonly eventId: EventId;
  readonly sha256: string;
  readonly mime: AttachmentMime;
  readonly bytes: number;
  readonly pages: number;
  readonly name: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly by: PersonId;
  readonly at: number;
}

export interface LetterParticulars {
  readonly from: string;
  readonly letterNumber: string;
  readonly letterDate: string;
  readonly mode: ReceiptMode;
}

/** Everything derived from meta + events by the fold. Never stored as truth. */
export interface RecordState {
  readonly meta: FoldedMeta;
  readonly holder: PersonId;
  /** When the record reached its holder (ms). */
  readonly holderSince: number;
  readonly holderSinceVerified: boolean;
  readonly status: RecordStatus;
  /** Sent and not yet opened by the recipient: the sender may still pull back. */
  readonly awaitingOpen: boolean;
  /** The last applied movement event; the basis for the next move. */
  readonly head: EventId | null;
  readonly priority: Priority;
  readonly dueDate: string | null;
  readonly notes: readonly Noting[];
  readonly hops: readonly Hop[];
  readonly conflicts: readonly Conflict[];
  /** Files: receipts on the correspondence side. */
  readonly receipts: readonly AttachedReceipt[];
  /** Scans attached to this record, in event order. */
  readonly attachments: readonly Attachment[];
  /** Receipts: the letter particulars and the file it was put in. */
  readonly letter: LetterParticulars | null;
  readonly inFile: { readonly fileId: RecordId; readonly fileNumber: string } | null;
  /** Files: draft letters, in the order they were begun (letter-fold.ts). */
  readonly drafts: readonly DraftLetter[];
  /** Everyone who has ever held or sent it (for "sent by me" and scope). */
  readonly participants: readonly PersonId[];
  /** Time of the latest applied event (ms). */
  readonly lastActivity: number;
  /** A closed file's retention as its close gave it; null while open or if the close gave none. */
  readonly retention: ClosedRetention | null;
  /** A closed file's close: who closed it and the officer who approved it (closure.ts); null while open. */
  readonly closure: Closure | null;
  /** Security grade (grades.ts): normal unless a gradeChanged event set another. */
  readonly grade: Grade;
  /** People the holders named to the access list (accessGranted), beyond the participants. */
  readonly readers: readonly PersonId[];
  /** Every change of the grade, in fold order. */
  readonly gradeChanges: readonly GradeChange[];
  /** Files: the people it was sent to for information (`Copy to`), one entry each (copies.ts). */
  readonly copies: readonly CopyHolder[];
  /**
   * Files: every copy a send carried, as who sent it to whom, withdrawn and
   * replaced ones too (copies.ts withdrawProblem: only a copy's sender withdraws it).
   */
  readonly copiesSent: readonly CopySent[];
  /** Files: the copies their senders withdrew (`copyWithdrawn`), in fold order (copies.ts). */
  readonly copiesWithdrawn: readonly CopyWithdrawal[];
  /** Receipts sent to several people: the copies made of this one, each to act on (receipt-copies.ts). */
  readonly receiptCopies: readonly ReceiptCopy[];
  /** A receipt that is such a copy: the receipt it was copied from; null otherwise. */
  readonly copyOf: { readonly receipt: RecordId; readonly number: string } | null;
  /** Files: the files linked to this one (`Link file`, file-links.ts), in fold order. */
  readonly links: readonly LinkedFile[];
  /** Files: the files attached under this one, which move with it (file-attach.ts). */
  readonly attached: readonly AttachedFile[];
  /** Files: the main file this one is attached under, if any; it moves only with that one. */
  readonly attachedUnder: { readonly file: RecordId; readonly number: string } | null;
  /** Files: the volume being written, 1 for the first (`Close volume`, volumes.ts). */
  readonly volume: number;
  /** Files: the volumes closed, oldest first. */
  readonly volumes: readonly ClosedVolume[];
}

/** A file attached under this one: its number and subject as the attach named them. */
export type AttachedFile = LinkedFile;

/** A closed volume of a file (volumes.ts): its paragraphs end at `lastParagraph`. */
export interface ClosedVolume {
  readonly volume: number;
  readonly lastParagraph: number;
  readonly by: PersonId;
  readonly at: number;
  readonly eventId: EventId;
}

/** A file linked to this one: its number and subject as the link named them. */
export interface LinkedFile {
  readonly file: RecordId;
  readonly number: string;
  readonly subject: string;
  readonly by: PersonId;
  readonly at: number;
}

/** A copy of a receipt made for another recipient to act on: a receipt of its own. */
export interface ReceiptCopy {
  readonly receipt: RecordId;
  readonly number: string;
  readonly to: PersonId;
  readonly by: PersonId;
  readonly at: number;
}

/** Someone who received the file for information: reads it, marks it seen, never moves it. */
export interface CopyHolder {
  readonly person: PersonId;
  /** Who sent the latest copy, and the send that carried it. */
  readonly from: PersonId;
  readonly sentEvent: EventId;
  readonly at: number;
  /** When they marked that copy seen; null while it waits in their For information list. */
  readonly seenAt: number | null;
}

/** A copy for information a send carried: `from` sent it to `person` (copies.ts). */
export interface CopySent {
  readonly person: PersonId;
  readonly from: PersonId;
}

/** A copy for information its sender withdrew: whose, by whom, when (ms). */
export interface CopyWithdrawal {
  readonly person: PersonId;
  readonly by: PersonId;
  readonly at: number;
}

/** One change of the grade, as the fold applied it. */
export interface GradeChange {
  readonly eventId: EventId;
  readonly from: Grade;
  readonly to: Grade;
  readonly by: PersonId;
  readonly at: number;
}

/** What the person closing a file chooses (retention.ts). */
export interface Retention {
  readonly category: RetentionCategory;
  /** `YYYY-MM-DD`. */
  readonly reviewDate: string;
}

/** Who closed a file, and the officer whose approval the close names (closure.ts). */
export interface Closure {
  readonly by: PersonId;
  /** Null on closes made before the closure approver. */
  readonly approvedBy: PersonId | null;
  readonly at: number;
  readonly eventId: EventId;
}

export interface ClosedRetention extends Retention {
  /** The close's date, `YYYY-MM-DD` in IST. */
  readonly closedOn: string;
}
