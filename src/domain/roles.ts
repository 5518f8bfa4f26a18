import type { Role } from './directory.ts';
import { EVENT_TYPES } from './events.ts';
import type { EventType } from './events.ts';

/**
 * Which event types each role may produce; the server refuses the rest
 * (`roleForbidden`) and the UI hides them.
 *
 * - Every office role moves and notes on files: in a tehsil the same file goes
 *   desk → kanungo → naib tehsildar → tehsildar → SDM and back, and each of
 *   them notes, sends, opens, pulls back, parks, closes and reopens.
 * - Diarising dak and putting a receipt into a file is receipt-desk work done
 *   by staff and the tehsil officers who run a desk; SDM, ADM and DM receive
 *   dak already diarised by their office, so they do not diarise.
 * - Whoever holds a file or receipt may attach a scan to it (rules.ts).
 * - The trainer demonstrates everything.
 */

const FILE_WORK: readonly EventType[] = [
  'noting',
  'sent',
  'opened',
  'pulledBack',
  'parked',
  'closed',
  'reopened',
  'receiptAttached',
  'attachmentAdded',
  // Anyone whose own work did not take effect may let it go (rules.ts checks it is theirs).
  'conflictDismissed',
  'conflictResubmitted',
  // Draft letters: whoever holds the file drafts and dispatches; who may approve
  // is the office's list of approver roles (letters.ts mayApprove), checked apart.
  'letterDrafted',
  'letterRevised',
  'letterApproved',
  'letterDispatched',
  // Security grades: the holder raises the grade and names readers; lowering is
  // for a holder who is the creator or an officer (grades.ts mayLowerGrade).
  'gradeChanged',
  'accessGranted',
  // Copies for information: whoever received one marks it seen (copies.ts checks it is theirs).
  'copySeen',
  // Withdraw a copy: whoever sent it (copies.ts).
  'copyWithdrawn',
  // A receipt sent to several people: whoever sends it makes each recipient's own copy
  // (receipt-copies.ts), whether or not their role diarises.
  'receiptCopied',
  'copiedFrom',
  // Link file: the holder of a file links another (file-links.ts).
  'fileLinked',
  'fileUnlinked',
  // A file attached under another: whoever holds both (file-attach.ts).
  'fileAttached',
  'fileDetached',
  'attachedUnder',
  'detachedFrom',
  // Close volume: the holder of a file (volumes.ts).
  'volumeClosed',
  // Saved groups of recipients: any person of an office, for their office (groups.ts).
  'groupNamed',
  'groupMembersSet',
  'groupDeleted',
];
const DAK_WORK: readonly EventType[] = [...FILE_WORK, 'diarised', 'putInFile'];

export const EVENT_TYPES_BY_ROLE: Readonly<Record<Role, ReadonlySet<EventType>>> = {
  deskAssistant: new Set(DAK_WORK),
  kanungo: new Set(DAK_WORK),
  nazir: new Set(DAK_WORK),
  naibTehsildar: new Set(DAK_WORK),
  tehsildar: new Set(DAK_WORK),
  collectorateStaff: new Set(DAK_WORK),
  sdm: new Set(FILE_WORK),
  adm: new Set(FILE_WORK),
  dm: new Set(FILE_WORK),
  trainer: new Set(EVENT_TYPES),
};

export function mayProduce(role: Role, type: EventType): boolean {
  return EVENT_TYPES_BY_ROLE[role].has(type);
}

/** Creating a receipt is diarising it. */
export function mayDiarise(role: Role): boolean {
  return mayProduce(role, 'diarised');
}
