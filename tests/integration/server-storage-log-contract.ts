import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../sync-server/storage/types.ts';
import { asDeviceId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { RecordId } from '@domain/ids.ts';
import { PROJECTION_VERSION, type RecordRow } from '@domain/projection.ts';
import {
  CKT,
  ckClerk,
  clerk,
  contentOf,
  item,
  officeScope,
  R1,
  R2,
  R3,
  row,
  VKN,
  writer,
  type LogHarness,
  type RecordLogCore,
} from './server-storage-fixtures.ts';

/**
 * The record log's part of the storage contract (commit, cursor and pages, scopes,
 * compaction, projection rows), run against every implementation of it: the whole
 * SQLite storage (server-storage-contract.ts), the PostgreSQL record log and the
 * in-memory one (memory-record-log.ts).
 */

export function runRecordLogContract(
  name: string,
  makeHarness: () => Promise<LogHarness<RecordLogCore>>,
): void {
  describe(`record log contract: ${name}`, () => {
    let harness: LogHarness<RecordLogCore>;
    let s: RecordLogCore;
    beforeEach(async () => {
      harness = await makeHarness();
      s = await harness.open();
    });
    afterEach(async () => {
      await s.close();
      await harness.cleanup();
    });

    it('commits updates with increasing seqs and merges a record state', async () => {
      const w = writer();
      const [s1, s2] = await s.commit(
        [item(R1, VKN, w('subject', 'one')), item(R1, VKN, w('number', 'VKN/1'))],
        10,
      );
      expect(s2).toBeGreaterThan(s1 ?? Infinity);
      expect(await s.recordOffice(R1)).toBe(VKN);
      expect(await s.recordOffice(R2)).toBeNull();
      expect(await s.recordState(R2)).toHaveLength(0);
      expect(contentOf(await s.recordState(R1))).toEqual({ subject: 'one', number: 'VKN/1' });
    });

    it('pages updates in scope: office, access list, district', async () => {
      await s.commit([item(R1, VKN, writer()('a', '1'))], 1);
      await s.commit([item(R2, CKT, writer()('b', '2'))], 2);
      await s.commit([item(R3, CKT, writer()('c', '3'), { access: [clerk] })], 3);
      const ids = async (scope: Scope) =>
        (await s.updatesSince(0, scope, 1e6)).updates.map((u) => u.recordId);
      expect(await ids(officeScope(VKN, clerk))).toEqual([R1, R3]);
      expect(await ids(officeScope(CKT, ckClerk))).toEqual([R2, R3]);
      expect(await ids({ kind: 'district' })).toEqual([R1, R2, R3]);
      expect(await s.recordAccess(R3)).toEqual([clerk]);
      const all = await s.updatesSince(0, { kind: 'district' }, 1e6);
      expect(await s.headSeq(officeScope(VKN, clerk))).toBe(all.updates[2]?.seq);
      expect(await s.headSeq(officeScope(asOfficeId('tyuni'), asPersonId('x')))).toBe(0);
    });

    it('pages a restricted record only to its access list, whatever the office or role', async () => {
      const tehsildar = asPersonId('tehsildar.vikasnagar');
      const dm = asPersonId('dm.dehradun');
      const secret = { ...row(R2, 2), grade: 'secret' as const };
      await s.commit([item(R1, VKN, writer()('a', '1'), { summary: row(R1, 1) })], 1);
      await s.commit([item(R2, VKN, writer()('b', '2'), { summary: secret, access: [clerk] })], 2);
      const ids = async (scope: Scope) => [
        ...new Set((await s.updatesSince(0, scope, 1e6)).updates.map((u) => u.recordId)),
      ];
      const seqOf = async (id: RecordId) =>
        (await s.updatesSince(0, { kind: 'district' }, 1e6)).updates.find((u) => u.recordId === id)
          ?.seq;
      expect(await ids(officeScope(VKN, clerk))).toEqual([R1, R2]);
      expect(await ids(officeScope(VKN, tehsildar))).toEqual([R1]);
      expect(await ids({ kind: 'district', person: dm })).toEqual([R1]);
      expect(await ids({ kind: 'district' })).toEqual([R1, R2]);
      expect(await s.recordGrade(R2)).toBe('secret');
      expect(await s.recordGrade(R1)).toBe('normal');
      // The head leaves the hidden record out too, or an idle device would pull forever.
      expect(await s.headSeq(officeScope(VKN, tehsildar))).toBe(await seqOf(R1));
      expect(await s.headSeq({ kind: 'district', person: dm })).toBe(await seqOf(R1));
      expect(await s.headSeq(officeScope(VKN, clerk))).toBe(await seqOf(R2));
      // Named to the list, the DM receives it; lowered to normal, the office does.
      await s.commit([item(R2, VKN, writer()('c', '3'), { summary: secret, access: [dm] })], 3);
      expect(await ids({ kind: 'district', person: dm })).toEqual([R1, R2]);
      await s.commit([item(R2, VKN, writer()('d', '4'), { summary: row(R2, 4) })], 4);
      expect(await ids(officeScope(VKN, tehsildar))).toEqual([R1, R2]);
    });

    // An office relay's scope (decision 0010): what any of the office's people may see.
    it('pages an office relay what any of its people may see, and nothing else', async () => {
      const tehsildar = asPersonId('tehsildar.vikasnagar');
      const relay = asPersonId('relay.vikasnagar');
      const R4 = asRecordId('00000000-0000-4000-8000-000000000004');
      const R5 = asRecordId('00000000-0000-4000-8000-000000000005');
      const restricted = (id: RecordId, office = VKN) => ({
        ...row(id, 1),
        office,
        grade: 'confidential' as const,
      });
      await s.commit([item(R1, VKN, writer()('a', '1'))], 1);
      // Chakrata's file sent to the Vikasnagar clerk; another Chakrata file sent to no one here.
      await s.commit([item(R2, CKT, writer()('b', '2'), { access: [clerk] })], 2);
      await s.commit([item(R3, CKT, writer()('c', '3'), { access: [ckClerk] })], 3);
      // The office's confidential file on the tehsildar's list; one on no list of the office's.
      await s.commit(
        [item(R4, VKN, writer()('d', '4'), { summary: restricted(R4), access: [tehsildar] })],
        4,
      );
      await s.commit(
        [item(R5, VKN, writer()('e', '5'), { summary: restricted(R5), access: [ckClerk] })],
        5,
      );
      const scope: Scope = {
        kind: 'office',
        office: VKN,
        person: relay,
        people: [clerk, tehsildar],
      };
      const page = await s.updatesSince(0, scope, 1e6);
      expect(page.updates.map((u) => u.recordId)).toEqual([R1, R2, R4]);
      expect(await s.headSeq(scope)).toBe(page.updates[2]?.seq);
      expect((await s.scopeTotals(scope, 0, 1e6)).records).toBe(3);
      // With the tehsildar alone among its people, the clerk's grant and nothing else is gone.
      const fewer: Scope = { kind: 'office', office: VKN, person: relay, people: [tehsildar] };
      expect((await s.updatesSince(0, fewer, 1e6)).updates.map((u) => u.recordId)).toEqual([
        R1,
        R4,
      ]);
    });

    it('reads grants to records of offices on either side of the own office', async () => {
      // chakrata < tyuni < vikasnagar: a Tyuni person granted one record of each.
      const tyuni = asOfficeId('tyuni');
      const reader = asPersonId('clerk.tyuni');
      const [own] = await s.commit([item(R1, tyuni, writer()('a', '1'))], 1);
      const [below] = await s.commit([item(R2, CKT, writer()('b', '2'), { access: [reader] })], 2);
      const [above] = await s.commit([item(R3, VKN, writer()('c', '3'), { access: [reader] })], 3);
      await s.commit(
        [item(asRecordId('00000000-0000-4000-8000-000000000009'), VKN, writer()('d', '4'))],
        4,
      );
      const scope = officeScope(tyuni, reader);
      const page = await s.updatesSince(0, scope, 1e6);
      expect(page.updates.map((u) => u.seq)).toEqual([own, below, above]);
      expect(await s.headSeq(scope)).toBe(above);
      expect((await s.updatesSince(own ?? 0, scope, 1e6)).updates.map((u) => u.recordId)).toEqual([
        R2,
        R3,
      ]);
    });

    it('pages by bytes, at least one update per page, and resumes from the cursor', async () => {
      const w = writer();
      for (let i = 0; i < 5; i++) await s.commit([item(R1, VKN, w(`k${i}`, 'x'.repeat(1000)))], i);
      const first = await s.updatesSince(0, { kind: 'district' }, 1);
      expect(first.updates).toHaveLength(1);
      expect(first.more).toBe(true);
      let cursor = 0;
      const seen: number[] = [];
      for (;;) {
        const page = await s.updatesSince(cursor, { kind: 'district' }, 2200);
        expect(page.updates.length).toBeLessThanOrEqual(2);
        seen.push(...page.updates.map((u) => u.seq));
        cursor = page.updates[page.updates.length - 1]?.seq ?? cursor;
        if (!page.more) break;
      }
      expect(seen).toHaveLength(5);
    });

    it('compaction keeps the highest seq, so every cursor still gets what it lacks', async () => {
      const w = writer();
      const seqs: number[] = [];
      for (const k of ['a', 'b', 'c']) seqs.push(...(await s.commit([item(R1, VKN, w(k, k))], 1)));
      await s.compact(R1, 2);
      const head = seqs[2] ?? 0;
      const fromMiddle = await s.updatesSince(seqs[0] ?? 0, { kind: 'district' }, 1e6);
      expect(fromMiddle.updates.map((u) => u.seq)).toEqual([head]);
      expect(contentOf(fromMiddle.updates[0]?.update ?? new Uint8Array())).toEqual({
        a: 'a',
        b: 'b',
        c: 'c',
      });
      expect((await s.updatesSince(head, { kind: 'district' }, 1e6)).updates).toEqual([]);
      expect(await s.headSeq({ kind: 'district' })).toBe(head);
    });

    it('resequence moves the whole record past every cursor', async () => {
      const w = writer();
      await s.commit([item(R2, CKT, w('a', 'a'))], 1);
      const [other] = await s.commit([item(R1, VKN, writer()('z', 'z'))], 2);
      const [seq] = await s.commit(
        [item(R2, CKT, w('b', 'b'), { access: [clerk], resequence: true })],
        3,
      );
      expect(seq).toBeGreaterThan(other ?? Infinity);
      const page = await s.updatesSince(other ?? 0, officeScope(VKN, clerk), 1e6);
      expect(page.updates.map((u) => [u.seq, u.recordId])).toEqual([[seq, R2]]);
      expect(contentOf(page.updates[0]?.update ?? new Uint8Array())).toEqual({ a: 'a', b: 'b' });
    });

    it('leaves a device its own pushes out, yet its cursor passes them to the head', async () => {
      const dev = { deviceId: asDeviceId('tablet-1'), person: clerk };
      const own = (recordId: RecordId, key: string) =>
        item(recordId, VKN, writer()(key, key), { deviceId: dev.deviceId });
      const [o1, theirs, o2, o3] = await s.commit(
        [own(R1, 'a'), item(R2, VKN, writer()('b', 'b')), own(R3, 'c'), own(R1, 'd')],
        1,
      );
      const district = { kind: 'district' } as const;
      const mine = await s.updatesSince(0, district, 1e6, dev);
      expect(mine.updates.map((u) => u.seq)).toEqual([theirs]);
      expect(mine).toMatchObject({ cursor: o3, more: false });
      expect(await s.headSeq(district)).toBe(o3);
      // The idle sync after a push: the tail is all own rows, nothing to send, cursor at the head.
      expect(await s.updatesSince(theirs ?? 0, district, 1, dev)).toEqual({
        updates: [],
        more: false,
        cursor: o3,
      });
      const others = await s.updatesSince(0, district, 1e6, { ...dev, deviceId: asDeviceId('x') });
      expect(others.updates.map((u) => u.seq)).toEqual([o1, theirs, o2, o3]);
      // Same device, another person's session (a shared tablet, or a borrowed device id): sent.
      const colleague = { ...dev, person: asPersonId('tehsildar.vikasnagar') };
      expect((await s.updatesSince(0, district, 1e6, colleague)).updates).toHaveLength(4);
      expect((await s.updatesSince(0, district, 1e6)).updates).toHaveLength(4);
    });

    it('counts only sent rows against the page and never skips a compacted snapshot', async () => {
      const dev = { deviceId: asDeviceId('tablet-1'), person: clerk };
      const big = 'x'.repeat(3000);
      const w = writer();
      const seqs: number[] = [];
      for (let i = 0; i < 6; i++) {
        const mine = i % 2 === 0;
        const extra = mine ? { deviceId: dev.deviceId } : {};
        const recordId = mine ? R1 : R2;
        const update = mine ? w(`k${i}`, big) : writer()(`k${i}`, 'y'.repeat(400));
        seqs.push(...(await s.commit([item(recordId, VKN, update, extra)], i)));
      }
      // Own rows are 3 KB each; others' rows ~0.45 KB (and UPDATE_OVERHEAD_BYTES): two of
      // them, not three, fit in 1.2 KB.
      const page = await s.updatesSince(0, { kind: 'district' }, 1200, dev);
      expect(page.updates.map((u) => u.seq)).toEqual([seqs[1], seqs[3]]);
      expect(page.more).toBe(true);
      // The own row after them was scanned (skipped) before the row that did not fit.
      expect(page.cursor).toBe(seqs[4]);
      const rest = await s.updatesSince(page.cursor, { kind: 'district' }, 1200, dev);
      expect(rest).toMatchObject({ updates: [{ seq: seqs[5] }], more: false, cursor: seqs[5] });
      await s.compact(R1, 9);
      // The snapshot keeps the highest seq of the record and may hold others' changes: sent.
      const snap = await s.updatesSince(seqs[3] ?? 0, { kind: 'district' }, 1e6, dev);
      expect(snap.updates.map((u) => [u.seq, u.recordId])).toEqual([
        [seqs[4], R1],
        [seqs[5], R2],
      ]);
    });

    it('keeps the projection row per record, whole', async () => {
      const summary = row(R1, 5);
      await s.commit([item(R1, VKN, writer()('a', 'a'), { summary })], 5);
      const moved: RecordRow = {
        ...summary,
        holder: asPersonId('tehsildar.vikasnagar'),
        holderSince: 9,
        dueDate: '2026-05-01',
        lastSender: clerk,
        participants: [clerk, asPersonId('tehsildar.vikasnagar')],
        spans: [
          { holder: clerk, since: 5, until: 9 },
          { holder: asPersonId('tehsildar.vikasnagar'), since: 9, until: null },
        ],
      };
      await s.commit([item(R1, VKN, writer()('b', 'b'), { summary: moved })], 9);
      expect(await s.summaries(VKN)).toEqual([moved]);
      expect(await s.summaries(CKT)).toEqual([]);
      expect(await s.summaries(null)).toEqual([moved]);
    });

    it('names the records whose row is missing or of another version, and rewrites them', async () => {
      await s.commit(
        [
          item(R1, VKN, writer()('a', 'a'), { summary: row(R1, 1) }),
          item(R2, VKN, writer()('b', 'b'), { summary: { ...row(R2, 2), version: 0 } }),
          item(R3, CKT, writer()('c', 'c')),
        ],
        3,
      );
      expect(await s.staleSummaries(PROJECTION_VERSION)).toEqual([R2, R3]);
      const rebuilt = [row(R2, 2), { ...row(R3, 3), office: CKT }];
      await s.saveSummaries(rebuilt);
      expect(await s.staleSummaries(PROJECTION_VERSION)).toEqual([]);
      expect(await s.summaries(CKT)).toEqual([rebuilt[1]]);
      expect(await s.summaries(VKN)).toEqual([row(R1, 1), rebuilt[0]]);
    });

    it("keeps each row's search keys of their version, and names rows whose keys are stale", async () => {
      const keysOf = (id: RecordId, keys: string[]) => ({ id, version: 2, keys });
      await s.commit(
        [
          item(R1, VKN, writer()('a', 'a'), {
            summary: row(R1, 1),
            search: keysOf(R1, ['आख्या', 'पटवारी']),
          }),
          item(R2, VKN, writer()('b', 'b'), { summary: row(R2, 2) }),
        ],
        3,
      );
      const keys = async (office: typeof VKN | null, version: number) =>
        (await s.searchable(office, version)).map((r) => [r.row.id, r.keys]);
      expect(await keys(VKN, 2)).toEqual([
        [R1, ['आख्या', 'पटवारी']],
        [R2, null],
      ]);
      expect(await keys(null, 3)).toEqual([
        [R1, null],
        [R2, null],
      ]);
      expect(await keys(CKT, 2)).toEqual([]);
      // The row itself is current: only the search keys make R2 stale.
      expect(await s.staleSummaries(PROJECTION_VERSION)).toEqual([]);
      expect(await s.staleSummaries(PROJECTION_VERSION, 2)).toEqual([R2]);
      await s.saveSummaries([row(R2, 2)], [keysOf(R2, ['सीमांकन'])]);
      expect(await s.staleSummaries(PROJECTION_VERSION, 2)).toEqual([]);
      expect(await keys(VKN, 2)).toEqual([
        [R1, ['आख्या', 'पटवारी']],
        [R2, ['सीमांकन']],
      ]);
      // A later commit without keys leaves the record's keys unknown, to be rebuilt.
      await s.commit([item(R1, VKN, writer()('c', 'c'), { summary: row(R1, 1) })], 4);
      expect(await s.staleSummaries(PROJECTION_VERSION, 2)).toEqual([R1]);
    });

    it("finds a person's desk: held and open, copies waiting, filed and attached in what they hold", async () => {
      const id = (n: number) => asRecordId(`00000000-0000-4000-8000-00000000001${n}`);
      const tehsildar = asPersonId('tehsildar.vikasnagar');
      const [held, closed, other, receipt, attached, copy] = [1, 2, 3, 4, 5, 6].map(id) as [
        RecordId,
        RecordId,
        RecordId,
        RecordId,
        RecordId,
        RecordId,
      ];
      const rowOf = (r: RecordId, extra: Partial<RecordRow> = {}) => ({
        summary: { ...row(r, 1), ...extra },
      });
      const seqs = await s.commit(
        [
          item(held, VKN, writer()('a', '1'), rowOf(held, { attachedFiles: [attached] })),
          item(closed, VKN, writer()('b', '2'), rowOf(closed, { status: 'closed' })),
          item(other, VKN, writer()('c', '3'), rowOf(other, { holder: tehsildar })),
          item(
            receipt,
            VKN,
            writer()('d', '4'),
            rowOf(receipt, { holder: tehsildar, inFile: held }),
          ),
          item(attached, VKN, writer()('e', '5'), rowOf(attached, { holder: tehsildar })),
          item(
            copy,
            VKN,
            writer()('f', '6'),
            rowOf(copy, { holder: tehsildar, copiesUnseen: [clerk] }),
          ),
        ],
        1,
      );
      const [heldSeq, , , receiptSeq, attachedSeq, copySeq] = seqs as number[];
      expect(await s.deskRecords(clerk)).toEqual([
        { recordId: held, head: heldSeq },
        { recordId: receipt, head: receiptSeq },
        { recordId: attached, head: attachedSeq },
        { recordId: copy, head: copySeq },
      ]);
      // A later change of the file moves the head of what it puts on the desk.
      const [later] = await s.commit(
        [item(held, VKN, writer()('g', '7'), rowOf(held, { attachedFiles: [attached] }))],
        2,
      );
      expect((await s.deskRecords(clerk)).map((d) => d.head)).toEqual([
        later,
        later,
        later,
        copySeq,
      ]);
      expect(await s.deskRecords(asPersonId('nobody'))).toEqual([]);
    });

    it("reads a record's rows up to a seq, and the records and bytes of a stretch in scope", async () => {
      const w = writer();
      const [a, b] = await s.commit(
        [item(R1, VKN, w('k', 'x'.repeat(100))), item(R1, VKN, w('l', 'y'))],
        1,
      );
      const [c] = await s.commit([item(R2, CKT, writer()('m', 'z'))], 2);
      expect((await s.recordUpdates(R1, a ?? 0)).map((u) => u.seq)).toEqual([a]);
      const both = await s.recordUpdates(R1, c ?? 0);
      expect(both.map((u) => [u.seq, u.recordId])).toEqual([
        [a, R1],
        [b, R1],
      ]);
      const bytes = both.reduce((n, u) => n + u.update.length, 0);
      expect(await s.scopeTotals(officeScope(VKN, clerk), 0, c ?? 0)).toEqual({
        records: 1,
        bytes,
      });
      expect((await s.scopeTotals({ kind: 'district' }, 0, c ?? 0)).records).toBe(2);
      expect(await s.scopeTotals({ kind: 'district' }, c ?? 0, c ?? 0)).toEqual({
        records: 0,
        bytes: 0,
      });
    });

    it('scans the rows a skip names without sending them or counting them against the page', async () => {
      const w = writer();
      await s.commit([item(R1, VKN, w('k', 'x'.repeat(1000)))], 1);
      const [b] = await s.commit([item(R2, VKN, writer()('l', 'y'.repeat(1000)))], 2);
      const [c] = await s.commit([item(R1, VKN, w('m', 'z'))], 3);
      const scope = officeScope(VKN, clerk);
      expect((await s.updatesSince(0, scope, 1300)).updates).toHaveLength(1);
      // R1 up to b is left out: its first row is passed, its row past b is sent.
      const page = await s.updatesSince(0, scope, 1300, undefined, {
        records: new Set([R1]),
        upTo: b ?? 0,
      });
      expect(page.updates.map((u) => u.seq)).toEqual([b, c]);
      expect(page).toMatchObject({ cursor: c, more: false });
    });

    it('pages each row with its own log entries, in log order', async () => {
      const entry = (eventId: string) => ({
        eventId,
        hash: `h-${eventId}`,
        receivedAt: 5,
        notBefore: 4,
      });
      const w = writer();
      const [a] = await s.commit(
        [item(R1, VKN, w('a', '1'), { entries: [entry('r1-made'), entry('r1-sent')] })],
        5,
      );
      const [b] = await s.commit(
        [item(R2, VKN, writer()('b', '2'), { entries: [entry('r2-made')] })],
        5,
      );
      const [c] = await s.commit([item(R1, VKN, w('c', '3'))], 5);
      const [d] = await s.commit(
        [item(R1, VKN, w('d', '4'), { entries: [entry('r1-noting'), entry('r1-returned')] })],
        5,
      );
      const page = await s.updatesSince(0, officeScope(VKN, clerk), 1e6);
      expect(page.updates.map((u) => [u.seq, u.entries?.map((e) => e.eventId)])).toEqual([
        [a, ['r1-made', 'r1-sent']],
        [b, ['r2-made']],
        [c, []],
        [d, ['r1-noting', 'r1-returned']],
      ]);
      const positions = page.updates.flatMap((u) => u.entries ?? []).map((e) => e.pos);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    });

    it('keeps committed data after close and reopen', async () => {
      const [seq] = await s.commit([item(R1, VKN, writer()('kept', 'yes'))], 1);
      await s.close();
      s = await harness.open();
      const page = await s.updatesSince(0, { kind: 'district' }, 1e6);
      expect(page.updates.map((u) => u.seq)).toEqual([seq]);
      expect(contentOf(await s.recordState(R1))).toEqual({ kept: 'yes' });
    });
  });
}
