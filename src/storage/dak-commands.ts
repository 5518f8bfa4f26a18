import { LIMITS } from '@domain/events.ts';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import { err, ok } from '@domain/result.ts';
import {
  appendLocal,
  CommandRefused,
  requireKind,
  runCommand,
  type CommandScope,
} from './command-runner.ts';
import { createFileIn, newMeta } from './file-commands.ts';
import { nextRecordNumber } from './numbering-store.ts';
import { stateOfDoc, loadRecordDoc } from './record-store.ts';
import type {
  Created,
  DeviceContext,
  DiariseInput,
  Outcome,
  PutInFileTarget,
} from './service-types.ts';

/**
 * Dak (receipts): diarise a letter into a new receipt record with a diary
 * number, and put a receipt into a new or existing file. Sending a receipt
 * to someone is sendRecord (file-commands.ts): movements are shared.
 */

export function diariseReceipt(ctx: DeviceContext, input: DiariseInput): Promise<Outcome<Created>> {
  return runCommand(ctx, async (scope) => {
    const subject = input.subject.trim();
    if (subject.length === 0 || subject.length > LIMITS.subjectChars) {
      throw new CommandRefused('invalidInput', 'subject');
    }
    const number = await nextRecordNumber(scope, 'receipt', input.category);
    const id = asRecordId(ctx.newId());
    await appendLocal(scope, id, (_state, stamp) => {
      const meta = newMeta(scope, stamp(), {
        id,
        number,
        subject,
        category: input.category,
        kind: 'receipt',
      });
      return ok({
        meta,
        events: [
          {
            ...stamp(),
            type: 'diarised',
            from: input.from.trim(),
            letterNumber: input.letterNumber.trim(),
            letterDate: input.letterDate,
            mode: input.mode,
          },
        ],
      });
    });
    return { id, number };
  });
}

/**
 * Puts the receipt in a file: a putInFile event on the receipt and a
 * receiptAttached event on the file (created first if asked), all in one
 * transaction — if either side is refused, neither is written.
 */
export function putReceiptInFile(
  ctx: DeviceContext,
  receiptId: RecordId,
  target: PutInFileTarget,
): Promise<Outcome<{ readonly fileId: RecordId; readonly fileNumber: string }>> {
  return runCommand(ctx, async (scope) => {
    const file =
      'newFile' in target
        ? await createFileIn(scope, target.newFile)
        : await existingFile(scope, target.fileId);
    const receipt = await appendLocal(scope, receiptId, (state, stamp) => {
      const r = requireKind(state, 'receipt');
      if (!r.ok) return r;
      return ok({
        events: [
          {
            ...stamp(),
            type: 'putInFile',
            basis: r.value.head,
            fileId: file.id,
            fileNumber: file.number,
          },
        ],
      });
    });
    await appendLocal(scope, file.id, (state, stamp) => {
      if (state === null) return err('notFound');
      return ok({
        events: [
          {
            ...stamp(),
            type: 'receiptAttached',
            receiptId,
            diaryNumber: receipt.meta.number,
            subject: receipt.meta.subject,
          },
        ],
      });
    });
    return { fileId: file.id, fileNumber: file.number };
  });
}

async function existingFile(scope: CommandScope, fileId: RecordId): Promise<Created> {
  const doc = await loadRecordDoc(scope.ctx.db, fileId);
  const state = stateOfDoc(doc, scope.clock.now());
  doc.destroy();
  const r = requireKind(state, 'file');
  if (!r.ok) throw new CommandRefused(r.error);
  return { id: fileId, number: r.value.meta.number };
}
