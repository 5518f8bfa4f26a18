import { isRestricted } from '@domain/grades.ts';
import type { RecordEntries } from '@protocol/messages.ts';
import type { AppContext } from '../http/context.ts';
import type { DeviceId } from '@domain/ids.ts';

/**
 * The running-register numbers the district gave the relay's tablets' dispatches
 * (decision 0010, amendment 1). The relay numbers no register of its own: a
 * dispatch made at the relay is logged here without a number, and the district
 * numbers it when it accepts the relay's push, answering the number in the
 * exchange's `logged` (only numbered entries go to a relay). The relay keeps each
 * number with its entry and resequences the record's rows, so every tablet in
 * scope pulls the record again with its entries and shows the district's number,
 * the only one there is. Called after the exchange's push position is saved, so
 * the rows the district has are compacted as settled, not pushed again.
 */
export async function keepDistrictNumbers(
  ctx: Pick<AppContext, 'storage' | 'locks' | 'now' | 'hub'>,
  logged: readonly RecordEntries[] | undefined,
  relayDevice: DeviceId,
): Promise<number> {
  let kept = 0;
  for (const { recordId, entries } of logged ?? []) {
    const numbers = entries.flatMap((e) =>
      e.register === undefined ? [] : [{ eventId: e.eventId, ...e.register }],
    );
    if (numbers.length === 0) continue;
    const head = await ctx.locks.hold([`record:${recordId}`], () =>
      ctx.storage.keepDistrictNumbers(recordId, numbers, ctx.now()),
    );
    if (head === 0) continue;
    kept += numbers.length;
    const office = await ctx.storage.recordOffice(recordId);
    if (office === null) continue;
    const access = await ctx.storage.recordAccess(recordId);
    const restricted = isRestricted(await ctx.storage.recordGrade(recordId));
    ctx.hub.announce([{ recordId, office, access, restricted }], head, relayDevice);
  }
  return kept;
}
