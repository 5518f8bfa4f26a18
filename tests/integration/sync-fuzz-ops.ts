import { asPersonId, type PersonId } from '@domain/ids.ts';
import { CATEGORIES } from '@domain/record.ts';
import { PRIORITIES, RECEIPT_MODES } from '@domain/events.ts';
import {
  closeFile,
  createFile,
  diariseReceipt,
  finaliseDraft,
  markOpened,
  park,
  pullBack,
  putReceiptInFile,
  reopen,
  saveDraft,
  sendRecord,
  type DeviceContext,
  type Outcome,
  type RecordSummary,
} from '@storage/services.ts';

/**
 * What people do on a tablet, chosen at random from what the device believes
 * (its projection rows), through the same services the UI calls. Acting on a
 * stale belief is the point: that is how offline conflicts arise. Each edit
 * returns a line for the run's log, so a failing seed reads as a story.
 */

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T | undefined =>
  items[Math.floor(random() * items.length)];

const short = (r: RecordSummary): string => r.number.split('/').slice(-2).join('/');

function told(what: string, outcome: Outcome<unknown>): string {
  return outcome.ok ? what : `${what} (refused: ${outcome.error})`;
}

/** One random edit by the person signed in on `ctx`; `people` are those they may send to. */
export async function randomEdit(
  ctx: DeviceContext,
  random: Random,
  step: number,
  people: readonly string[],
): Promise<string> {
  const me = ctx.person.id;
  const records = await ctx.db.records.toArray();
  const mine = records.filter((r) => r.holder === me && r.status !== 'closed');
  const files = mine.filter((r) => r.kind === 'file');
  const target = pick(random, mine);
  const roll = random();
  if (target === undefined || roll < 0.12) {
    const category = pick(random, CATEGORIES) ?? 'revenue';
    const made = await createFile(ctx, { subject: `File ${step}`, category });
    return told(`create file ${made.ok ? made.value.number : ''}`, made);
  }
  if (roll < 0.2) {
    const made = await diariseReceipt(ctx, {
      from: 'Collectorate',
      letterNumber: `${step}/2026`,
      letterDate: '2026-05-01',
      subject: `Letter ${step}`,
      category: pick(random, CATEGORIES) ?? 'others',
      mode: pick(random, RECEIPT_MODES) ?? 'post',
    });
    return told(`diarise ${made.ok ? made.value.number : ''}`, made);
  }
  if (roll < 0.3) {
    const file = pick(random, files) ?? target;
    await saveDraft(ctx, file.id, `Noting at step ${step} by ${me}`);
    return told(`noting on ${short(file)}`, await finaliseDraft(ctx, file.id));
  }
  if (roll < 0.52) return sendOn(ctx, random, step, target, people);
  if (roll < 0.62) return openOne(ctx, random, records);
  if (roll < 0.7) {
    const sent = records.filter((r) => r.lastSender === me && r.awaitingOpen);
    const back = pick(random, sent) ?? target;
    return told(`pull back ${short(back)}`, await pullBack(ctx, back.id));
  }
  if (roll < 0.78) return told(`park ${short(target)}`, await park(ctx, target.id, 'awaiting'));
  if (roll < 0.84) return told(`close ${short(target)}`, await closeFile(ctx, target.id, 'done'));
  if (roll < 0.92) {
    const idle = records.filter((r) => r.holder === me && r.status !== 'active');
    const again = pick(random, idle) ?? target;
    return told(`reopen ${short(again)}`, await reopen(ctx, again.id));
  }
  return fileReceipt(ctx, random, step, mine, files);
}

async function sendOn(
  ctx: DeviceContext,
  random: Random,
  step: number,
  target: RecordSummary,
  people: readonly string[],
): Promise<string> {
  const others = people.filter((p) => p !== ctx.person.id);
  const to: PersonId = asPersonId(pick(random, others) ?? people[0] ?? 'clerk.vikasnagar');
  // Half the sends carry a noting written just before, as people do.
  if (target.kind === 'file' && random() < 0.5)
    await saveDraft(ctx, target.id, `Put up to ${to} at step ${step}`);
  const sent = await sendRecord(ctx, target.id, {
    to,
    remarks: `step ${step}`,
    dueDate: random() < 0.3 ? '2026-07-01' : null,
    priority: pick(random, PRIORITIES) ?? 'normal',
  });
  return told(`send ${short(target)} to ${to}`, sent);
}

async function openOne(
  ctx: DeviceContext,
  random: Random,
  records: readonly RecordSummary[],
): Promise<string> {
  const waiting = records.filter((r) => r.holder === ctx.person.id && r.awaitingOpen);
  const r = pick(random, waiting);
  if (r === undefined) return 'open (nothing waiting)';
  return told(`open ${short(r)}`, await markOpened(ctx, r.id));
}

async function fileReceipt(
  ctx: DeviceContext,
  random: Random,
  step: number,
  mine: readonly RecordSummary[],
  files: readonly RecordSummary[],
): Promise<string> {
  const receipt = pick(
    random,
    mine.filter((r) => r.kind === 'receipt' && r.inFile === null),
  );
  if (receipt === undefined) return 'put in file (no receipt held)';
  const file = random() < 0.6 ? pick(random, files) : undefined;
  const target =
    file === undefined
      ? { newFile: { subject: `From ${short(receipt)} at ${step}`, category: receipt.category } }
      : { fileId: file.id };
  const put = await putReceiptInFile(ctx, receipt.id, target);
  return told(`put ${short(receipt)} in ${file ? short(file) : 'a new file'}`, put);
}
