import { describe, expect, it } from 'vitest';
import { closingFetch } from '../../../sync-server/relay/closing-fetch.ts';

/**
 * The relay's calls to the district are given up when it closes
 * (sync-server/relay/closing-fetch.ts): a call hanging on a silent WAN must not hold
 * the server's close.
 */

/** A district that never answers: each call ends only when its signal aborts. */
const silent: typeof fetch = (_input, init) =>
  new Promise<Response>((_, reject) => {
    const signal = init?.signal;
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

describe("the relay's calls to the district when it closes", () => {
  it('gives up each call in flight, and each one made after', async () => {
    const calls = closingFetch(silent);
    const first = calls.fetch('http://district.test/a');
    const second = calls.fetch('http://district.test/b');
    calls.abortAll();
    await expect(first).rejects.toThrow('the relay is closing');
    await expect(second).rejects.toThrow('the relay is closing');
    await expect(calls.fetch('http://district.test/c')).rejects.toThrow('the relay is closing');
  });

  it("follows the caller's own signal, and leaves answered calls alone", async () => {
    const calls = closingFetch(silent);
    const own = new AbortController();
    const call = calls.fetch('http://district.test/a', { signal: own.signal });
    own.abort(new Error('quiet too long'));
    await expect(call).rejects.toThrow('quiet too long');
    const answered = closingFetch(async () => new Response('ok'));
    const res = await answered.fetch('http://district.test/b');
    answered.abortAll();
    expect(await res.text()).toBe('ok');
  });
});
