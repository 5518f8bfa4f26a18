import type { DispatchMode } from './events.ts';
import type { PersonId, RecordId } from './ids.ts';
import { approvedLetter } from './letters.ts';
import { parseDispatchNumber } from './letters.ts';
import type { RecordState } from './record.ts';
import type { RegisterNumber } from './running-register.ts';

/**
 * The office's dispatch register (issue 16): every letter dispatched from its
 * files, derived from the files' letterDispatched events (never stored apart),
 * in the order of the register: by date, then by dispatch number.
 *
 * The number is the one made on the dispatching device
 * (OFFICE/DSP/YEAR/DEVICE-SEQ(PART), letters.ts), unique within the office
 * without asking a server. An office keeping one running register also has the
 * server's register number of each synced dispatch (running-register.ts); both
 * are kept.
 */
export interface DispatchEntry {
  readonly number: string;
  /** `YYYY-MM-DD`, as dispatched. */
  readonly date: string;
  readonly mode: DispatchMode;
  /** Addressee(s), one a line. */
  readonly to: string;
  readonly subject: string;
  readonly fileId: RecordId;
  readonly fileNumber: string;
  readonly approvedBy: PersonId;
  readonly dispatchedBy: PersonId;
  /** Whether the server has the dispatch (this device learnt its log entry). */
  readonly logged: boolean;
  /** Its running-register number, once the server gave one. */
  readonly register: RegisterNumber | null;
}

export function dispatchRegister(files: readonly RecordState[]): DispatchEntry[] {
  const entries: DispatchEntry[] = [];
  for (const file of files) {
    for (const draft of file.drafts) {
      const letter = approvedLetter(file.meta.id, draft);
      const d = draft.dispatch;
      if (d === null || letter === null) continue;
      entries.push({
        number: d.number,
        date: d.date,
        mode: d.mode,
        to: letter.content.to,
        subject: letter.content.subject,
        fileId: file.meta.id,
        fileNumber: file.meta.number,
        approvedBy: letter.approvedBy,
        dispatchedBy: d.by,
        logged: d.logged,
        register: d.register,
      });
    }
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || compareNumbers(a.number, b.number));
}

/** Dispatch numbers in register order: device, sequence, part (not as strings: 10 after 9). */
function compareNumbers(a: string, b: string): number {
  const pa = parseDispatchNumber(a);
  const pb = parseDispatchNumber(b);
  if (!pa.ok || !pb.ok) return a.localeCompare(b);
  const x = pa.value;
  const y = pb.value;
  return x.deviceNumber - y.deviceNumber || x.seq - y.seq || x.part - y.part;
}

export interface RegisterFilter {
  /** Inclusive `YYYY-MM-DD` bounds; null for open. */
  readonly from: string | null;
  readonly to: string | null;
  readonly mode: DispatchMode | null;
  readonly file: RecordId | null;
}

export const NO_FILTER: RegisterFilter = { from: null, to: null, mode: null, file: null };

export function filterRegister(
  entries: readonly DispatchEntry[],
  f: RegisterFilter,
): DispatchEntry[] {
  return entries.filter(
    (e) =>
      (f.from === null || e.date >= f.from) &&
      (f.to === null || e.date <= f.to) &&
      (f.mode === null || e.mode === f.mode) &&
      (f.file === null || e.fileId === f.file),
  );
}
