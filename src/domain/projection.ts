import type { Grade, Priority } from './events.ts';
import type { OfficeId, PersonId, RecordId } from './ids.ts';
import type { Category, ClosedRetention, RecordKind, RecordState, RecordStatus } from './record.ts';
import { letterTimes, type LetterTimes } from './letter-pendency.ts';
import { unseenCopies } from './copies.ts';

/**
 * The projection: one queryable row per record, derived from its folded state
 * by `projectRecord` alone. The device keeps these rows in Dexie (`records`:
 * inbox, "sent", search, offline review) and the server in SQLite
 * (`summaries`: access lists, the pendency report), so both read rows instead
 * of folding every record. Raise PROJECTION_VERSION whenever the row changes
 * for the same state; each side then rebuilds its rows of an older version
 * from the records' updates (rows are never read with "absent on older rows"
 * branches).
 */
export const PROJECTION_VERSION = 11;
// 2: openConflictAuthors (the inbox reminder of work that did not take effect).
// 3: letterFrom (a receipt is shown as from its letter's writer).
// 4: pulledBack (the holder took it back from lastSender, who did not send it).
// 5: retention (a closed file's category and review date, for the list of files due).
// 6: letters (draft letters awaiting approval, approved letters awaiting dispatch).
// 7: grade and readers (security grades: who may receive a confidential record).
// 8: copiesUnseen (copies for information waiting in their holders' inboxes).
// 9: links (the files a file links to, so each linked file finds the files linking it).
// 10: attachedUnder and attachedFiles (the inbox nests attached files; Attach file offers
//     only files that may be attached).
// 11: volume (the volume a file is written in: its number is shown with it; volumes.ts).

/** One stay with one holder, for the review's trend. */
export interface ReviewSpan {
  readonly holder: PersonId;
  readonly since: number;
  /** When the record left this holder or was closed; null while still there. */
  readonly until: number | null;
}

export interface RecordRow {
  /** The PROJECTION_VERSION the row was made with. */
  readonly version: number;
  readonly id: RecordId;
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly category: Category;
  /** The record's own office (where it was opened). */
  readonly office: OfficeId;
  readonly holder: PersonId;
  readonly holderSince: number;
  readonly holderSinceVerified: boolean;
  readonly status: RecordStatus;
  readonly awaitingOpen: boolean;
  readonly priority: Priority;
  readonly dueDate: string | null;
  readonly lastActivity: number;
  /** Everyone who has held or sent it. */
  readonly participants: readonly PersonId[];
  /**
   * Who sent it to its current holder (null if it never moved); after a pull
   * back, whom the holder took it back from (`pulledBack`).
   */
  readonly lastSender: PersonId | null;
  /** The current stay began with the holder pulling it back from `lastSender`. */
  readonly pulledBack: boolean;
  readonly createdBy: PersonId;
  /** Receipts: the file it was put in, if any. */
  readonly inFile: RecordId | null;
  /** Receipts: who wrote the letter, as diarised; null for files. */
  readonly letterFrom: string | null;
  /** Lower-cased number + subject, for plain substring search. */
  readonly searchText: string;
  /** SHA-256 of each scan attached. */
  readonly scans: readonly string[];
  /** Stays with each holder, for the review. */
  readonly spans: readonly ReviewSpan[];
  /**
   * Authors of events that did not take effect and that they have not yet
   * re-submitted or dismissed, so each of their devices can remind them.
   */
  readonly openConflictAuthors: readonly PersonId[];
  /** A closed file's retention category, closing and review dates; null otherwise. */
  readonly retention: ClosedRetention | null;
  /** Files: since when each draft letter awaits approval, and each approved one dispatch. */
  readonly letters: LetterTimes;
  /** Security grade (grades.ts); a restricted record reaches its access list only. */
  readonly grade: Grade;
  /** People named to its access list besides the participants (copy holders among them). */
  readonly readers: readonly PersonId[];
  /** Files: who has a copy for information not yet marked seen (copies.ts), for their inbox. */
  readonly copiesUnseen: readonly PersonId[];
  /** Files: the files this one links to (`Link file`, file-links.ts); the other side looks them up. */
  readonly links: readonly RecordId[];
  /** Files: the main file this one is attached under (file-attach.ts); null otherwise. */
  readonly attachedUnder: RecordId | null;
  /** Files: the files attached under this one. */
  readonly attachedFiles: readonly RecordId[];
  /** Files: the volume being written (1 until a volume is closed; volumes.ts), shown with the number. */
  readonly volume: number;
}

/**
 * The record's stays with each holder. Hops do not record when a record was
 * closed; its last activity is the closest honest bound (closed records take
 * no further movements).
 */
function spansOf(state: RecordState): ReviewSpan[] {
  const last = state.hops.length - 1;
  return state.hops.map((h, i) => ({
    holder: h.holder,
    since: h.since,
    until: i === last && state.status === 'closed' ? state.lastActivity : h.until,
  }));
}

/** The row of a record. Independent of the fold's `now` (it holds no dwell times). */
export function projectRecord(state: RecordState): RecordRow {
  const { meta } = state;
  return {
    version: PROJECTION_VERSION,
    id: meta.id,
    kind: meta.kind,
    number: meta.number,
    subject: meta.subject,
    category: meta.category,
    office: meta.office,
    holder: state.holder,
    holderSince: state.holderSince,
    holderSinceVerified: state.holderSinceVerified,
    status: state.status,
    awaitingOpen: state.awaitingOpen,
    priority: state.priority,
    dueDate: state.dueDate,
    lastActivity: state.lastActivity,
    participants: [...state.participants],
    lastSender: state.hops[state.hops.length - 1]?.from ?? null,
    pulledBack: state.hops[state.hops.length - 2]?.pulledBack === true,
    createdBy: meta.createdBy,
    inFile: state.inFile?.fileId ?? null,
    letterFrom: state.letter?.from ?? null,
    searchText: `${meta.number} ${meta.subject}`.toLowerCase(),
    scans: state.attachments.map((a) => a.sha256),
    spans: spansOf(state),
    openConflictAuthors: [
      ...new Set(state.conflicts.filter((c) => c.resolution === null).map((c) => c.event.actor)),
    ],
    retention: state.retention,
    letters: letterTimes(state.drafts),
    grade: state.grade,
    readers: [...state.readers],
    copiesUnseen: unseenCopies(state),
    links: state.links.map((l) => l.file),
    attachedUnder: state.attachedUnder?.file ?? null,
    attachedFiles: state.attached.map((a) => a.file),
    volume: state.volume,
  };
}
