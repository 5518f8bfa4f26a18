import * as Y from 'yjs';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { PROJECTION_VERSION, type RecordRow } from '@domain/projection.ts';
import type { CommitItem, Scope, ServerStorage } from '../../sync-server/storage/types.ts';

/** Records, people and rows the storage contract suites commit and read back. */

/** What the contract's concurrency cases use of a store: the record log's commit and reads. */
export type LogCore = Pick<
  ServerStorage,
  | 'commit'
  | 'recordHead'
  | 'recordState'
  | 'recordOffice'
  | 'recordNumbered'
  | 'updatesSince'
  | 'close'
>;

/** What the record log's contract cases use: the log core with scopes, compaction and projection rows. */
export type RecordLogCore = LogCore &
  Pick<
    ServerStorage,
    | 'headSeq'
    | 'recordAccess'
    | 'recordGrade'
    | 'compact'
    | 'summaries'
    | 'searchable'
    | 'staleSummaries'
    | 'saveSummaries'
    | 'deskRecords'
    | 'recordUpdates'
    | 'scopeTotals'
  >;

export interface LogHarness<S extends LogCore = LogCore> {
  /**
   * Opens the store (again, after close, on the same data). Called while another
   * handle is open, it gives a second writer on the same data, as a second server
   * instance would have.
   */
  open(): Promise<S>;
  cleanup(): Promise<void>;
}

export type StorageHarness = LogHarness<ServerStorage>;

export const VKN = asOfficeId('vikasnagar');
export const CKT = asOfficeId('chakrata');
export const clerk = asPersonId('clerk.vikasnagar');
export const ckClerk = asPersonId('clerk.chakrata');
export const R1 = asRecordId('00000000-0000-4000-8000-000000000001');
export const R2 = asRecordId('00000000-0000-4000-8000-000000000002');
export const R3 = asRecordId('00000000-0000-4000-8000-000000000003');

/** A Yjs doc per record so updates are real and mergeable. */
export function writer(): (key: string, value: string) => Uint8Array {
  const doc = new Y.Doc();
  return (key, value) => {
    const before = Y.encodeStateVector(doc);
    doc.getMap('meta').set(key, value);
    return Y.encodeStateAsUpdate(doc, before);
  };
}

export function item(
  recordId: RecordId,
  office: OfficeId,
  update: Uint8Array,
  extra: Partial<CommitItem> = {},
): CommitItem {
  return {
    recordId,
    office,
    author: clerk,
    update,
    summary: null,
    access: [],
    resequence: false,
    ...extra,
  };
}

/** A projection row of a file held by the clerk since `since`. */
export function row(id: RecordId, since: number): RecordRow {
  return {
    version: PROJECTION_VERSION,
    id,
    kind: 'file',
    number: `VKN/REV/2026/1-${since}`,
    subject: 'भूमि',
    category: 'revenue',
    office: VKN,
    holder: clerk,
    holderSince: since,
    holderSinceVerified: true,
    status: 'active',
    awaitingOpen: false,
    priority: 'normal',
    dueDate: null,
    lastActivity: since,
    participants: [clerk],
    lastSender: null,
    pulledBack: false,
    createdBy: clerk,
    inFile: null,
    letterFrom: null,
    searchText: `vkn/rev/2026/1-${since} भूमि`,
    scans: [],
    spans: [{ holder: clerk, since, until: null }],
    openConflictAuthors: [],
    retention: null,
    letters: { awaitingApproval: [], approvedNotDispatched: [] },
    grade: 'normal',
    readers: [],
    copiesUnseen: [],
    links: [],
    attachedUnder: null,
    attachedFiles: [],
    volume: 1,
  };
}

export const officeScope = (office: OfficeId, person: PersonId): Scope => ({
  kind: 'office',
  office,
  person,
});

export function contentOf(update: Uint8Array): Record<string, unknown> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getMap('meta').toJSON();
}
