import { findOffice } from '@domain/directory.ts';
import { istYear } from '@domain/calendar.ts';
import { formatDiaryNumber, formatFileNumber, sequenceKey } from '@domain/numbering.ts';
import type { Category, RecordKind } from '@domain/record.ts';
import { KV_KEYS, readKv, writeKv } from '../db/db.ts';
import { CommandRefused, type CommandScope } from './command-runner.ts';

/**
 * The device's numbering counters, kept in kv under `seq:<office>/<kind>/<year>`
 * (domain/numbering.ts sequenceKey). Taken inside the command's transaction,
 * so a number is used up only if the record that shows it is written too.
 */
export async function nextRecordNumber(
  scope: CommandScope,
  kind: RecordKind,
  category: Category,
): Promise<string> {
  const { ctx, clock } = scope;
  const office = findOffice(ctx.directory, ctx.person.office);
  if (!office) throw new CommandRefused('unknownOffice', ctx.person.office);
  if (!Number.isSafeInteger(ctx.deviceNumber) || ctx.deviceNumber < 1) {
    throw new CommandRefused('invalidInput', 'device not registered');
  }
  const year = istYear(clock.now());
  const key = KV_KEYS.sequencePrefix + sequenceKey(office.code, kind, year);
  const seq = ((await readKv<number>(ctx.db, key)) ?? 0) + 1;
  await writeKv(ctx.db, key, seq);
  const parts = { officeCode: office.code, year, deviceNumber: ctx.deviceNumber, seq };
  return kind === 'file' ? formatFileNumber({ ...parts, category }) : formatDiaryNumber(parts);
}
