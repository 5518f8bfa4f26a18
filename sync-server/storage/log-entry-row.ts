import type { LogEntry } from '@domain/record-log.ts';
import { registerOfRow, type RegisterColumns } from './sqlite-register.ts';

/**
 * An `event_log` row read with its running-register number (REGISTER_COLUMNS), as
 * both engines select it (sqlite-log.ts, pg/pg-entries.ts), and the log entry it is.
 */
export interface EntryDbRow extends RegisterColumns {
  event_id: string;
  pos: number;
  received_at: number;
  not_before: number;
}

export const entryOf = (r: EntryDbRow): LogEntry => ({
  eventId: r.event_id,
  pos: r.pos,
  receivedAt: r.received_at,
  notBefore: r.not_before,
  ...registerOfRow(r),
});
