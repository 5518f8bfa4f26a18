import { isRestricted } from '@domain/grades.ts';
import type { DeviceId, RecordId } from '@domain/ids.ts';
import { logOf, type LogEntry } from '@domain/record-log.ts';
import type { RecordEntries } from '@protocol/messages.ts';
import type { AppContext } from '../http/context.ts';

type Ctx = Pick<AppContext, 'storage' | 'locks' | 'now' | 'hub' | 'rules'>;

/**
 * The record's projection row and search keys folded again from what the relay now
 * holds, in its order: its search, desks, pendency and joins read them. Under the
 * record's lock. (Its access list is not recomputed.)
 */
export async function saveRefolded(
  storage: Ctx['storage'],
  rules: Ctx['rules'],
  recordId: RecordId,
): Promise<void> {
  let folded: ReturnType<Ctx['rules']['summarize']>;
  try {
    folded = rules.summarize(
      await storage.recordState(recordId),
      logOf(await storage.recordLog(recordId)),
    );
  } catch {
    // A record whose stored rows are damaged keeps its old row (rebuild-projection.ts).
    return;
  }
  if (folded.summary !== null)
    await storage.saveSummaries([folded.summary], folded.search ? [folded.search] : []);
}

/**
 * Where the district logged what the relay holds (decision 0010, amendments 1 and
 * 4): the district's position of every event it took, and the running-register
 * number of every dispatch it numbered (the relay numbers no register of its own).
 * The relay keeps them with its entries, so it folds and serves each record in the
 * district's order, its own work not yet taken after it, and resequences a record
 * whose entries changed, so every tablet in scope (the author's included) pulls it
 * again in that order and with the numbers. Under the record's lock.
 */
export async function keepDistrictOrder(
  ctx: Ctx,
  recordId: RecordId,
  entries: readonly LogEntry[],
  relayDevice: DeviceId,
): Promise<boolean> {
  if (entries.length === 0) return false;
  const head = await ctx.locks.hold([`record:${recordId}`], async () => {
    const moved = await ctx.storage.keepDistrictEntries(recordId, entries, ctx.now());
    // Reordered: the winner of a conflict, hence its holder, may be another now.
    if (moved > 0) await saveRefolded(ctx.storage, ctx.rules, recordId);
    return moved;
  });
  if (head === 0) return false;
  await announce(ctx, recordId, head, relayDevice);
  return true;
}

/** Tells the tablets in scope that the record moved on to `head`. */
export async function announce(ctx: Ctx, recordId: RecordId, head: number, relayDevice: DeviceId) {
  const office = await ctx.storage.recordOffice(recordId);
  if (office === null) return;
  const access = await ctx.storage.recordAccess(recordId);
  const restricted = isRestricted(await ctx.storage.recordGrade(recordId));
  ctx.hub.announce([{ recordId, office, access, restricted }], head, relayDevice);
}

/**
 * The district's entries of the relay's pushes it acknowledged (its `logged`).
 * Called after the exchange's push position is saved, so the rows the district has
 * are compacted as settled, not pushed again. Returns how many records changed.
 */
export async function keepAcknowledgedOrder(
  ctx: Ctx,
  logged: readonly RecordEntries[] | undefined,
  relayDevice: DeviceId,
): Promise<number> {
  let changed = 0;
  for (const { recordId, entries } of logged ?? [])
    if (await keepDistrictOrder(ctx, recordId, entries, relayDevice)) changed++;
  return changed;
}
