import { asPersonId } from '@domain/ids.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid } from './server-harness.ts';

/** An office relay's account at a district in tests: its key from `admin add-relay`, its sign-in. */

export const VKN_RELAY = asPersonId('relay:vikasnagar');
export const RELAY_DEVICE = deviceUuid(70);

/** Runs an admin command on `storage`; returns its exit code and printed lines. */
export async function admin(
  storage: ServerStorage,
  args: readonly string[],
): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runAdmin(args, {
    storage,
    now: () => Date.UTC(2026, 3, 1, 10, 0, 0),
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    scryptLogN: 10,
    out: (line) => out.push(line),
    readSecret: async () => '',
  });
  return { code, out };
}

/** `admin add-relay <office>`: the relay key it printed. */
export async function addRelay(storage: ServerStorage, office: string): Promise<string> {
  const { code, out } = await admin(storage, ['add-relay', office]);
  const key = /relay key .*: (\S+)$/.exec(out.join('\n'))?.[1];
  if (code !== 0 || key === undefined) throw new Error(`add-relay failed: ${out.join('\n')}`);
  return key;
}

export async function relaySignIn(
  url: string,
  key: string,
  body: Record<string, unknown> = {},
): Promise<{ status: number; body: SessionResponse & { error?: string; detail?: string } }> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: VKN_RELAY, password: key, deviceId: RELAY_DEVICE, ...body }),
  });
  return { status: res.status, body: (await res.json()) as SessionResponse };
}
