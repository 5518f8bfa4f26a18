import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION, REFUSAL_REASONS, type SyncResponse } from '@protocol/messages.ts';

/**
 * Refusal reasons travel as their index in REFUSAL_REASONS. A device must keep
 * syncing when a newer server names a reason it does not know.
 */

const response = (reasons: SyncResponse['refusals'][number]['reason'][]): SyncResponse => ({
  type: 'syncResponse',
  protocol: PROTOCOL_VERSION,
  acks: [9],
  logged: [],
  refusals: reasons.map((reason, i) => ({
    ref: i + 1,
    recordId: asRecordId(`r${i}`),
    reason,
    detail: 'd',
    serverState: new Uint8Array(0),
    entries: [],
  })),
  updates: [],
  cursor: 3,
  more: false,
  serverTime: 1,
  headSeq: 3,
  generation: 1,
});

describe('refusal reasons on the wire', () => {
  it('keeps the indexes of earlier reasons and appends the clock refusals', () => {
    expect(REFUSAL_REASONS.indexOf('notingTooLong')).toBe(21);
    expect(REFUSAL_REASONS.indexOf('clockAhead')).toBe(22);
    expect(REFUSAL_REASONS.indexOf('clockBehind')).toBe(23);
  });

  it('decodes a reason index it does not know as unknown, and the rest of the response', () => {
    const bytes = encodeFrame(response(['clockAhead', 'unknown:200', 'outOfScope']));
    const decoded = decodeFrame(bytes);
    if (!decoded.ok || decoded.value.type !== 'syncResponse') throw new Error('not decoded');
    expect(decoded.value.acks).toEqual([9]);
    expect(decoded.value.refusals.map((r) => [r.ref, r.reason])).toEqual([
      [1, 'clockAhead'],
      [2, 'unknown:200'],
      [3, 'outOfScope'],
    ]);
    expect(decoded.value.cursor).toBe(3);
  });

  it('sends push-channel frames at a version every device reads, older builds too', () => {
    // A device refuses a frame newer than its protocol; announces must reach it, and an
    // out-of-date build must still hear them (its sync tells it to update).
    for (const frame of [
      encodeFrame({ type: 'announce', cursor: 7 }),
      encodeFrame({ type: 'heartbeat', intervalMs: 25_000 }),
    ]) {
      expect(frame[2]).toBe(2);
      expect(decodeFrame(frame).ok).toBe(true);
    }
  });
});
