import type { Office } from './directory.ts';

/**
 * An office's running dispatch register (issue 16, docs/decisions/0008-running-register.md).
 * A tablet numbers a dispatch itself (letters.ts, `VKN/DSP/2026/3-5(I)`), unique
 * without asking anyone. An office that keeps one running register as well
 * (`runningRegister` in the directory) gets, from the district server, the next
 * serial of the year in that register when the server accepts the dispatch. The
 * server's log entry of the dispatch event carries it (record-log.ts), so it
 * reaches exactly the devices that receive the event. The tablet's number is
 * signed by its author; the register number is the server's, not signed.
 */

export interface RegisterNumber {
  /** The calendar year of the dispatch's date: each year's register starts at 1. */
  readonly year: number;
  /** 1, 2, 3, … in the order the server accepted the year's dispatches. */
  readonly serial: number;
}

/** Whether the office keeps one running register (absent: no, as before). */
export function keepsRunningRegister(office: Pick<Office, 'runningRegister'> | undefined): boolean {
  return office?.runningRegister === true;
}

/** The register's year for a dispatch dated `date` (`YYYY-MM-DD`). */
export function registerYear(date: string): number {
  return Number(date.slice(0, 4));
}

/** As written in the register and on the letter: `VKN/DR/2026/17`. */
export function formatRegisterNumber(officeCode: string, r: RegisterNumber): string {
  return `${officeCode}/DR/${r.year}/${r.serial}`;
}

const REGISTER_PATTERN = /^[A-Za-z]{2,8}\/DR\/\d{4}\/\d+$/;

/** Whether `s` is written like a register number (which only the server gives). */
export function looksLikeRegisterNumber(s: string): boolean {
  return REGISTER_PATTERN.test(s.trim());
}

/**
 * Field names a device might use to send a register number of its own. The event
 * schema has none of them; the server refuses an event carrying one as
 * `registerNumberForged` (rather than a bare "unexpected field") so the refusal says what
 * was attempted.
 */
export const REGISTER_FIELDS: readonly string[] = [
  'register',
  'registerNumber',
  'registerSerial',
  'registerYear',
];
