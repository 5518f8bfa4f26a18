import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import type { ScanUploadRow } from '@storage/services.ts';
import { hasScan, uploadsOfRecord } from '@storage/scans/index.ts';
import { useEnv } from './useEnv.ts';

export interface ScansView {
  /** Upload progress by SHA-256, for scans attached on this device. */
  readonly uploads: ReadonlyMap<string, ScanUploadRow>;
  /** SHA-256s whose bytes are on this device. */
  readonly present: ReadonlySet<string>;
}

const EMPTY: ScansView = { uploads: new Map(), present: new Set() };

/** Live upload rows and on-device presence for a record's scans. */
export function useScans(recordId: RecordId, attachments: readonly Attachment[]): ScansView {
  const { db } = useEnv();
  const key = attachments.map((a) => a.sha256).join(',');
  return (
    useLiveQuery(async () => {
      const rows = await uploadsOfRecord(db, recordId);
      const present = new Set<string>();
      for (const a of attachments) if (await hasScan(db, a.sha256)) present.add(a.sha256);
      return { uploads: new Map(rows.map((r) => [r.sha256, r])), present };
      // `key` stands for `attachments`, whose identity changes on every fold.
    }, [db, recordId, key]) ?? EMPTY
  );
}
