// The api client's give-up on a server that does not answer (api-client.ts answerWithin):
// only the wait for the answer to begin is bounded, and the caller's own abort still works.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerWithin } from '@ui/services/api-client.ts';

/** A fetch that answers only when told to, and rejects when its signal aborts. */
function heldFetch() {
  let answer: ((r: Response) => void) | null = null;
  let signal: AbortSignal | undefined;
  const fetchFn: typeof fetch = (_input, init) =>
    new Promise<Response>((resolve, reject) => {
      signal = init?.signal ?? undefined;
      answer = resolve;
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return {
    fetchFn,
    answer: (r: Response) => answer?.(r),
    signal: () => signal,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('answerWithin', () => {
  it('gives up when no answer has begun in time', async () => {
    const held = heldFetch();
    const pending = answerWithin(held.fetchFn, 1_000)('http://tablet.test/api/session');
    const outcome = expect(pending).rejects.toThrow('aborted');
    await vi.advanceTimersByTimeAsync(999);
    expect(held.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
  });

  it('leaves an answer that has begun to finish, however long its body takes', async () => {
    const held = heldFetch();
    const pending = answerWithin(held.fetchFn, 1_000)('http://tablet.test/api/session');
    await vi.advanceTimersByTimeAsync(500);
    held.answer(new Response('{}'));
    await pending;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(held.signal()?.aborted).toBe(false);
  });

  it("passes the caller's own abort on", async () => {
    const held = heldFetch();
    const caller = new AbortController();
    const pending = answerWithin(held.fetchFn, 1_000)('http://tablet.test/api/session', {
      signal: caller.signal,
    });
    const outcome = expect(pending).rejects.toThrow('aborted');
    caller.abort();
    await outcome;
    expect(held.signal()?.aborted).toBe(true);
  });
});
