import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import type { SyncResponse } from '@protocol/messages.ts';
import type { JoinState } from '@storage/sync/sync-port.ts';
import { joinAfter, joinProgress, joinRequest } from '@sync/join.ts';

/** A fresh device's join, desk first (decision 0012), as the device steps through it. */

const R = asRecordId('00000000-0000-4000-8000-000000000001');
const response = (extra: Partial<SyncResponse>): SyncResponse => ({
  type: 'syncResponse',
  protocol: 14,
  acks: [],
  refusals: [],
  updates: [{ seq: 3, recordId: R, update: new Uint8Array(400) }],
  cursor: 0,
  more: true,
  serverTime: 0,
  headSeq: 90,
  ...extra,
});

/** A join in its rest phase, as kept on the tablet. */
const restState = (extra: Partial<JoinState> = {}): JoinState => ({
  seq: 90,
  after: null,
  deskDone: true,
  recordsLeft: 3,
  bytesLeft: 100,
  bytesReceived: 10,
  receivingMs: 5,
  ...extra,
});

describe('a join, step by step', () => {
  it('starts with the desk only for a person who never synced here', () => {
    expect(joinRequest(null, 0)).toEqual({ phase: 'desk', seq: 0, after: null });
    // A device already paging before this build goes on as it was.
    expect(joinRequest(null, 12)).toBeUndefined();
  });

  it('goes on with the desk where it stopped, then the rest up to the head, then nothing', () => {
    const first = joinAfter(
      null,
      { phase: 'desk', seq: 0, after: null },
      response({
        join: {
          phase: 'desk',
          seq: 90,
          next: { recordId: R, seq: 3 },
          recordsLeft: 40,
          bytesLeft: 20_000,
        },
      }),
      2_000,
    );
    expect(joinRequest(first, 0)).toEqual({
      phase: 'desk',
      seq: 90,
      after: { recordId: R, seq: 3 },
    });
    // 400 bytes in 2 s: 20,000 bytes left take 100 s.
    expect(joinProgress(first, 0)).toEqual({
      phase: 'desk',
      recordsLeft: 40,
      bytesLeft: 20_000,
      percentDone: 1,
      etaMs: 100_000,
    });
    const done = joinAfter(
      first,
      { phase: 'desk', seq: 90, after: { recordId: R, seq: 3 } },
      response({
        join: { phase: 'desk', seq: 90, next: null, recordsLeft: 40, bytesLeft: 20_000 },
      }),
      2_000,
    );
    // The rest brings each record whole from where it begins (decision 0019).
    expect(joinRequest(done, 0)).toEqual({ phase: 'rest', seq: 90, wholeFrom: 0 });
    expect(joinProgress(done, 0)).toMatchObject({ phase: 'rest', etaMs: 100_000 });
    expect(joinRequest(done, 90)).toBeUndefined();
    expect(joinProgress(done, 90)).toBeNull();
    const resting = joinAfter(
      done,
      { phase: 'rest', seq: 90, wholeFrom: 0 },
      response({
        cursor: 60,
        join: { phase: 'rest', seq: 90, next: null, recordsLeft: 9, bytesLeft: 900 },
      }),
      1_000,
    );
    // Where it began is kept: later requests, after a reload too, say the same.
    expect(resting.wholeFrom).toBe(0);
    expect(joinRequest(resting, 60)).toEqual({ phase: 'rest', seq: 90, wholeFrom: 0 });
  });

  it('whole paging begins again when the cursor moved past where the last whole page left it', () => {
    const state = restState({ wholeFrom: 0, wholeAt: 30 });
    expect(joinRequest(state, 30)).toEqual({ phase: 'rest', seq: 90, wholeFrom: 0 });
    // Another tab (an older build, row by row) took the cursor to 45 meanwhile: records
    // first seen up to 45 may lack rows past it, so they go on by cursor.
    expect(joinRequest(state, 45)).toEqual({ phase: 'rest', seq: 90, wholeFrom: 45 });
  });

  it('a rest an older build began is whole only from where this build takes it up', () => {
    // Kept by a build before protocol 17: no wholeFrom; its pages went row by row up to 40.
    const older = restState();
    expect(joinRequest(older, 40)).toEqual({ phase: 'rest', seq: 90, wholeFrom: 40 });
  });

  it('counts the first exchange in flight of a fresh device as the desk coming', () => {
    expect(joinProgress(null, 0, true)).toMatchObject({ phase: 'desk', etaMs: null });
    expect(joinProgress(null, 0, false)).toBeNull();
    // A device that synced before this build (cursor past 0, no join kept) is not joining.
    expect(joinProgress(null, 12, true)).toBeNull();
  });

  it('finishes at once with a server that pages as ever (no join in its answer)', () => {
    const state = joinAfter(null, { phase: 'desk', seq: 0, after: null }, response({}), 10);
    expect(state).toMatchObject({ seq: 0, deskDone: true });
    expect(joinRequest(state, 0)).toBeUndefined();
    expect(joinProgress(state, 0)).toBeNull();
  });

  it('counts what has come as the server counts what is left, not in the smaller merged bytes', () => {
    const first = joinAfter(
      null,
      { phase: 'desk', seq: 0, after: null },
      response({
        join: { phase: 'desk', seq: 90, next: null, recordsLeft: 30, bytesLeft: 6_000 },
      }),
      1_000,
    );
    // The rest: a page of records sent whole is one merged update of 400 bytes, where the
    // server's count of what is left falls by its stored rows' 2,000.
    const rest = joinAfter(
      first,
      { phase: 'rest', seq: 90, wholeFrom: 0 },
      response({
        cursor: 50,
        join: { phase: 'rest', seq: 90, next: null, recordsLeft: 20, bytesLeft: 4_000 },
      }),
      1_000,
    );
    expect(rest).toMatchObject({ bytesReceived: 800, bytesDone: 2_400 });
    // 2,400 of 6,400 in 2 s: 37 %, and the 4,000 left in about 3.3 s (not 10 s at 400 a second).
    expect(joinProgress(rest, 50)).toMatchObject({ percentDone: 37, etaMs: 3_333 });
    // A state kept before the server's count was: what arrived, as before.
    const { bytesDone: _, ...older } = rest;
    expect(joinProgress(older, 50)).toMatchObject({ percentDone: 16, etaMs: 10_000 });
  });

  it('gives no estimate before anything arrived', () => {
    const state = restState({ seq: 9, bytesReceived: 0, receivingMs: 0 });
    expect(joinProgress(state, 0)?.etaMs).toBeNull();
  });
});
