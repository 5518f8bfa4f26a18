import { findOffice } from '@domain/directory.ts';
import { istYear } from '@domain/calendar.ts';
import { formatDiaryNumber, formatFileNumber, sequenceKey } from '@domain/numbering.ts';
import type { Category, RecordKind } from '@domain/record.ts';
import { KV_KEYS, readKv, writeKv } from '../db/db.ts';
import { CommandRefused, type CommandScope } from './command-runner.ts';

/**
 * The device's number in its office, for the numbers it gives: the session's, or
 * the one the district gave since the session was loaded (a tablet registered at
 * an office relay while the WAN was down gets it when the district confirms it:
 * session.ts confirmProvisionalSession). None yet: `noDeviceNumber`.
 */
export async function deviceNumberOf(ctx: CommandScope['ctx']): Promise<number> {
  const valid = (n: number | undefined): n is number => Number.isSafeInteger(n) && (n ?? 0) >= 1;
  if (valid(ctx.deviceNumber)) return ctx.deviceNumber;
  const given = await readKv<number>(ctx.db, KV_KEYS.deviceNumber);
  if (valid(given)) return given;
  throw new CommandRefused('noDeviceNumber', 'this tablet has no device number yet');
}

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
  const deviceNumber = await deviceNumberOf(ctx);
  const year = istYear(clock.now());
  const key = KV_KEYS.sequencePrefix + sequenceKey(office.code, kind, year);
  const seq = ((await readKv<number>(ctx.db, key)) ?? 0) + 1;
  await writeKv(ctx.db, key, seq);
  const parts = { officeCode: office.code, year, deviceNumber, seq };
  return kind === 'file' ? formatFileNumber({ ...parts, category }) : formatDiaryNumber(parts);
}
