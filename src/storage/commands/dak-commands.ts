import * as commands from '@domain/commands.ts';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import { changeRecord, requireKind, runCommand, unwrap } from './command-runner.ts';
import { newRecordFields } from './file-commands.ts';
import { gradeNew } from './grade-commands.ts';
import { nextRecordNumber } from './numbering-store.ts';
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
    const number = await nextRecordNumber(scope, 'receipt', input.category);
    const id = asRecordId(ctx.newId());
    const fields = newRecordFields(scope, { kind: 'receipt', id, number }, input);
    await changeRecord(scope, id, (c) => {
      unwrap(commands.createRecord(c, fields));
      unwrap(commands.diarise(c, input));
      gradeNew(ctx, c, input.grade);
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
    const newFile = 'newFile' in target ? target.newFile : null;
    const fileId = 'fileId' in target ? target.fileId : asRecordId(ctx.newId());
    const number = newFile ? await nextRecordNumber(scope, 'file', newFile.category) : null;
    return changeRecord(scope, fileId, async (file) => {
      if (newFile !== null && number !== null) {
        const fields = newRecordFields(scope, { kind: 'file', id: fileId, number }, newFile);
        unwrap(commands.createRecord(file, fields));
      }
      const fileNumber = unwrap(requireKind(file.state(), 'file')).meta.number;
      const receipt = await changeRecord(scope, receiptId, (r) => {
        const { meta } = unwrap(requireKind(r.state(), 'receipt'));
        unwrap(commands.putInFile(r, { fileId, fileNumber }));
        return meta;
      });
      unwrap(
        commands.attachReceipt(file, {
          receiptId,
          diaryNumber: receipt.number,
          subject: receipt.subject,
        }),
      );
      return { fileId, fileNumber };
    });
  });
}
