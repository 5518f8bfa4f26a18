import { useLiveQuery } from 'dexie-react-hooks';
import { asRecordId } from '@domain/ids.ts';
import type { AttachedReceipt } from '@domain/record.ts';
import { recordStatesQuery } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/**
 * How many scans the file's receipts carry (those on this device), live, so a
 * file's scan list never says "no scans" while its letters are scanned.
 */
export function useReceiptScanCount(receipts: readonly AttachedReceipt[]): number {
  const { db, now } = useEnv();
  // The ids stand for `receipts`, whose identity changes on every fold.
  const key = receipts.map((r) => r.receiptId).join(',');
  const count = useLiveQuery(async () => {
    if (key === '') return 0;
    const ids = key.split(',').map(asRecordId);
    const states = await recordStatesQuery(db, ids, now());
    return states.reduce((n, s) => n + s.attachments.length, 0);
  }, [db, key, now]);
  return count ?? 0;
}
