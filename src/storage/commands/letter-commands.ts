import { findOffice } from '@domain/directory.ts';
import type { DispatchMode, LetterContent, LetterTemplate } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import * as letters from '@domain/letter-commands.ts';
import { dispatchSequenceKey, nextDispatchNumber } from '@domain/letters.ts';
import { isIsoDate } from '@domain/validate-event.ts';
import { KV_KEYS, readKv, writeKv } from '../db/db.ts';
import { deviceNumberOf } from './numbering-store.ts';
import {
  changeRecord,
  CommandRefused,
  runCommand,
  unwrap,
  type CommandScope,
} from './command-runner.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Commands on a file's draft letters (issue 16), each one durable transaction
 * through runCommand and the domain's letter commands. A dispatch number is
 * taken from the device's counter kv `seq:<office>/dispatch/<year>` in the same
 * transaction, so a number is used up only if the dispatch that shows it is
 * written too (as record numbers are, numbering-store.ts).
 */

export interface NewLetterInput {
  readonly template: LetterTemplate;
  readonly content: LetterContent;
}

/** Begins a draft letter in the file; answers the draft's id. */
export function draftLetter(
  ctx: DeviceContext,
  recordId: RecordId,
  input: NewLetterInput,
): Promise<Outcome<EventId>> {
  return runCommand(ctx, (scope) =>
    changeRecord(scope, recordId, (c) => unwrap(letters.draftLetter(c, input)).id),
  );
}

/** Saves a new version of the draft (nothing when the text is unchanged). */
export function reviseLetter(
  ctx: DeviceContext,
  recordId: RecordId,
  draft: EventId,
  content: LetterContent,
): Promise<Outcome> {
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, (c) => unwrap(letters.reviseLetter(c, { draft, content })));
    return undefined;
  });
}

/** Approves the draft's current version, signed by the approver's device key. */
export function approveLetter(
  ctx: DeviceContext,
  recordId: RecordId,
  draft: EventId,
): Promise<Outcome> {
  const office = findOffice(ctx.directory, ctx.person.office);
  return runCommand(ctx, async (scope) => {
    await changeRecord(scope, recordId, (c) => unwrap(letters.approveLetter(c, { draft, office })));
    return undefined;
  });
}

export interface DispatchInput {
  readonly mode: DispatchMode;
  /** `YYYY-MM-DD`; the dispatch number's year is this date's. */
  readonly date: string;
}

/** Dispatches an approved letter; answers its dispatch number. */
export function dispatchLetter(
  ctx: DeviceContext,
  recordId: RecordId,
  draft: EventId,
  input: DispatchInput,
): Promise<Outcome<string>> {
  return runCommand(ctx, (scope) =>
    changeRecord(scope, recordId, async (c) => {
      if (!isIsoDate(input.date)) throw new CommandRefused('invalidInput', 'date');
      const state = c.state();
      if (state === null) throw new CommandRefused('notFound');
      const used = [
        ...state.drafts.flatMap((d) => (d.dispatch === null ? [] : [d.dispatch])),
        // A dispatch that did not take effect still showed its number: never reuse it.
        ...state.conflicts.flatMap((x) => (x.event.type === 'letterDispatched' ? [x.event] : [])),
      ];
      const number = await dispatchNumber(scope, used, input.date);
      unwrap(letters.dispatchLetter(c, { draft, ...input, number }));
      return number;
    }),
  );
}

async function dispatchNumber(
  scope: CommandScope,
  used: readonly { readonly number: string; readonly date: string }[],
  date: string,
): Promise<string> {
  const { ctx } = scope;
  const office = findOffice(ctx.directory, ctx.person.office);
  if (!office) throw new CommandRefused('unknownOffice', ctx.person.office);
  const deviceNumber = await deviceNumberOf(ctx);
  const year = Number(date.slice(0, 4));
  const key = KV_KEYS.sequencePrefix + dispatchSequenceKey(office.code, year);
  const seq = ((await readKv<number>(ctx.db, key)) ?? 0) + 1;
  let taken = false;
  const number = nextDispatchNumber(used, { officeCode: office.code, deviceNumber, date }, () => {
    taken = true;
    return seq;
  });
  if (taken) await writeKv(ctx.db, key, seq);
  return number;
}
