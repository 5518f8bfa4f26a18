import { useLiveQuery } from 'dexie-react-hooks';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import type { AttachedReceipt, RecordState } from '@domain/record.ts';
import { recordStatesQuery } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

const NONE: ReadonlyMap<RecordId, RecordState> = new Map();

/**
 * The folded states of a file's receipts that are on this device, live: their
 * letters' particulars and scans, shown on the file's correspondence side.
 */
export function useReceiptStates(
  receipts: readonly AttachedReceipt[],
): ReadonlyMap<RecordId, RecordState> {
  const { db, now } = useEnv();
  // The ids stand for `receipts`, whose identity changes on every fold.
  const key = receipts.map((r) => r.receiptId).join(',');
  const states = useLiveQuery(async () => {
    if (key === '') return NONE;
    const found = await recordStatesQuery(db, key.split(',').map(asRecordId), now());
    return new Map(found.map((s) => [s.meta.id, s]));
  }, [db, key, now]);
  return states ?? NONE;
}
