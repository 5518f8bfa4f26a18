import type { Office } from '@domain/directory.ts';
import {
  formatRegisterNumber,
  keepsRunningRegister,
  type RegisterNumber,
} from '@domain/running-register.ts';
import { useI18n } from './useI18n.ts';

/** What the register-number text is made from: a dispatch as the fold or the register has it. */
export interface RegisteredDispatch {
  /** Whether the server's log has the dispatch (this tablet learnt its entry). */
  readonly logged: boolean;
  readonly register: RegisterNumber | null;
}

/**
 * How a dispatch's running-register number reads on screen and paper
 * (docs/decisions/0008-running-register.md), or null when `office` keeps no
 * running register (nothing is shown, as before). Before the dispatch has synced
 * it says the number comes after sync. A dispatch logged without one says the
 * district server gives it: an office relay logs its tablets' dispatches and numbers
 * none, and the district's number follows once the relay has passed the dispatch on
 * (decision 0010, amendment 1); one dispatched before the office began its register
 * never gets one, which the text says too (the tablet cannot tell the two apart).
 * `short`: for a register's column and its CSV, where the reason would fill every row.
 */
export function useRegisterNumber(
  office: Pick<Office, 'code' | 'runningRegister'> | undefined,
): (d: RegisteredDispatch, short?: boolean) => string | null {
  const { t } = useI18n();
  return (d, short = false) => {
    if (office === undefined || !keepsRunningRegister(office)) return null;
    if (d.register !== null) return formatRegisterNumber(office.code, d.register);
    if (!d.logged) return t(short ? 'runningRegister.pendingShort' : 'runningRegister.pending');
    return t(short ? 'runningRegister.notGivenShort' : 'runningRegister.notGiven');
  };
}
