import { hlcWallMs } from './hlc.ts';
import type { PersonId } from './ids.ts';
import type {
  AttachedReceipt,
  Attachment,
  AttachedFile,
  ClosedVolume,
  Conflict,
  CopyHolder,
  CopySent,
  CopyWithdrawal,
  GradeChange,
  LinkedFile,
  Noting,
  ReceiptCopy,
  FoldedMeta,
  RecordMeta,
  RecordState,
} from './record.ts';
import { isFoldedMeta } from './record.ts';
import { boundedTime, type RecordLog } from './record-log.ts';
import type { DraftLetter } from './letters.ts';
import type { Mutable, MutableHop } from './fold-movement.ts';

/**
 * The fold's accumulator (fold.ts): a record's state while its events are
 * applied, with mutable lists; where it starts (the record as created) and
 * the snapshot handed out (copies, so a running fold never changes a state
 * already returned).
 */

export interface Acc extends Mutable<
  Omit<
    RecordState,
    | 'notes'
    | 'hops'
    | 'conflicts'
    | 'receipts'
    | 'attachments'
    | 'participants'
    | 'drafts'
    | 'readers'
    | 'gradeChanges'
    | 'copies'
    | 'copiesSent'
    | 'copiesWithdrawn'
    | 'receiptCopies'
    | 'links'
    | 'attached'
    | 'volumes'
  >
> {
  links: LinkedFile[];
  attached: AttachedFile[];
  volumes: ClosedVolume[];
  copies: CopyHolder[];
  copiesSent: CopySent[];
  copiesWithdrawn: CopyWithdrawal[];
  receiptCopies: ReceiptCopy[];
  readers: PersonId[];
  gradeChanges: GradeChange[];
  drafts: DraftLetter[];
  notes: Noting[];
  hops: MutableHop[];
  conflicts: Mutable<Conflict>[];
  receipts: AttachedReceipt[];
  attachments: Attachment[];
  participants: PersonId[];
}

export function initialState(record: RecordMeta, log: RecordLog): Acc {
  // A saved group of recipients is folded by groups.ts, never here (readRecordState gives none).
  if (!isFoldedMeta(record)) throw new Error(`record ${record.id} is a ${record.kind}, not folded`);
  const meta: FoldedMeta = record;
  const { at: since, verified } = boundedTime(
    hlcWallMs(meta.createdAt),
    meta.clockVerified,
    log.get(meta.id),
  );
  return {
    meta,
    holder: meta.createdBy,
    holderSince: since,
    holderSinceVerified: verified,
    status: 'active',
    awaitingOpen: false,
    head: null,
    priority: 'normal',
    dueDate: null,
    notes: [],
    hops: [
      {
        holder: meta.createdBy,
        from: null,
        since,
        until: null,
        dwellMs: 0,
        remarks: '',
        dueDate: null,
        priority: 'normal',
        openedAt: null,
        pulledBack: false,
        clockVerified: verified,
        eventId: null,
      },
    ],
    conflicts: [],
    receipts: [],
    attachments: [],
    letter: null,
    inFile: null,
    drafts: [],
    participants: [meta.createdBy],
    lastActivity: since,
    retention: null,
    closure: null,
    grade: 'normal',
    readers: [],
    gradeChanges: [],
    copies: [],
    copiesSent: [],
    copiesWithdrawn: [],
    receiptCopies: [],
    copyOf: null,
    links: [],
    attached: [],
    attachedUnder: null,
    volume: 1,
    volumes: [],
  };
}

/** A snapshot of the accumulator: later additions to a running fold do not change it. */
export function finish(s: Acc, now: number): RecordState {
  const hops = s.hops.map((h) => ({
    ...h,
    dwellMs: Math.max(0, (h.until ?? now) - h.since),
  }));
  return {
    ...s,
    hops,
    notes: [...s.notes],
    // Copies: an answer later in the fold marks a conflict, and a state handed out must not change.
    conflicts: s.conflicts.map((c) => ({ ...c })),
    receipts: [...s.receipts],
    attachments: [...s.attachments],
    drafts: [...s.drafts],
    participants: [...s.participants],
    readers: [...s.readers],
    gradeChanges: [...s.gradeChanges],
    copies: [...s.copies],
    copiesSent: [...s.copiesSent],
    copiesWithdrawn: [...s.copiesWithdrawn],
    receiptCopies: [...s.receiptCopies],
    links: [...s.links],
    attached: [...s.attached],
    volumes: [...s.volumes],
  };
}
