import * as commands from '@domain/commands.ts';
import type { RecordChange } from '@domain/change.ts';
import { asRecordId, type PersonId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { copyReceiptFrom, recordReceiptCopy } from '@domain/receipt-copy-commands.ts';
import { changeRecord, unwrap, type CommandScope } from './command-runner.ts';
import { gradeNew } from './grade-commands.ts';
import { nextRecordNumber } from './numbering-store.ts';
import type { SendInput } from './service-types.ts';

/**
 * A receipt sent to several people (decision 0009): inside the send's
 * transaction, for each extra recipient a new receipt of my office with the
 * next diary number of this tablet, made as a copy of the original (its
 * particulars, grade and scans) and sent to them; the original records each
 * copy before it is sent itself (its holder records them).
 */
export async function makeReceiptCopies(
  scope: CommandScope,
  original: RecordChange,
  alsoTo: readonly PersonId[],
  send: SendInput,
): Promise<void> {
  const state = original.state();
  if (state === null || alsoTo.length === 0) return;
  for (const to of alsoTo) {
    const { id, number } = await makeCopy(scope, state, to, send);
    unwrap(recordReceiptCopy(original, { copy: id, number, to }));
  }
}

async function makeCopy(scope: CommandScope, original: RecordState, to: PersonId, send: SendInput) {
  const { ctx } = scope;
  const number = await nextRecordNumber(scope, 'receipt', original.meta.category);
  const id = asRecordId(ctx.newId());
  const { subject, category } = original.meta;
  await changeRecord(scope, id, (c) => {
    unwrap(
      commands.createRecord(c, {
        kind: 'receipt',
        id,
        number,
        subject,
        category,
        office: ctx.person.office,
      }),
    );
    unwrap(copyReceiptFrom(c, original));
    gradeNew(ctx, c, original.grade);
    for (const a of original.attachments) {
      const { sha256, mime, bytes, pages, name, width, height } = a;
      unwrap(commands.addAttachment(c, { sha256, mime, bytes, pages, name, width, height }));
    }
    const { remarks, dueDate, priority } = send;
    unwrap(commands.send(c, { to, remarks, dueDate, priority }));
  });
  return { id, number };
}
