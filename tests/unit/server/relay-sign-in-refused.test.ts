import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { signInUpstream } from '../../../sync-server/relay/upstream-calls.ts';
import type { RelayState } from '../../../sync-server/relay/relay-state.ts';

/**
 * A relay whose sign-in the district refuses stops, and exits 78 (decision 0021), which its
 * systemd unit does not restart: only the district's own refusal of its key counts, not a
 * 401 or 400 of something between (a proxy, a captive portal) or a request it cannot read.
 */

const state: RelayState = {
  deviceId: asDeviceId('00000000-0000-4000-8000-0000000000aa'),
  token: '',
  directory: null,
  cursor: 0,
  generation: 1,
  pushed: 0,
};

const answered = (status: number, body: string) =>
  signInUpstream(
    {
      url: 'https://district.test',
      fetch: async () =>
        new Response(body, { status, headers: { 'content-type': 'application/json' } }),
    },
    'vikasnagar',
    'key',
    state,
  );

describe("the relay's sign-in at the district, refused", () => {
  it("counts only the district's 401 badCredentials as its key refused", async () => {
    const refused = await answered(
      401,
      JSON.stringify({ error: 'badCredentials', detail: 'wrong key' }),
    );
    expect(refused).toMatchObject({ ok: false, refused: true });
    expect(refused.ok === false && refused.detail).toContain("refused this relay's key");
  });

  it('tries again later after a proxy or portal 401, or a 400 it cannot read', async () => {
    for (const [status, body] of [
      [401, '<html>Log in to the hotel Wi-Fi</html>'],
      [401, JSON.stringify({ error: 'unauthenticated' })],
      [400, JSON.stringify({ error: 'badRequest', detail: 'body/deviceId must match format' })],
    ] as const)
      expect(await answered(status, body)).toMatchObject({ ok: false, refused: false });
  });
});
