// Trainer-mode component tests: the app mounted as in harness.tsx, plus a fake
// server that also knows the `trainer` account and POST /api/demo/reset, and an
// optional onSignedIn (the browser starts its sync engine there).
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { memoryLocation } from 'wouter/memory-location';
import type { Person } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { API, type SessionRequest, type SessionResponse } from '@protocol/api.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { DIRECTORY, PASSWORD } from './fixtures.ts';
import { newDevice, type Device } from './harness.tsx';

export const TRAINER: Person = {
  id: asPersonId('trainer'),
  name: { hi: 'प्रशिक्षक', en: 'Trainer' },
  designation: { hi: 'प्रशिक्षक', en: 'Trainer' },
  role: 'trainer',
  office: asOfficeId('dehradun'),
};
const PEOPLE = [...DIRECTORY.people, TRAINER];
const DIR = { ...DIRECTORY, people: PEOPLE };

export interface TrainerServer {
  online: boolean;
  /** What POST /api/demo/reset answers: status and JSON body. */
  reset: { status: number; body: unknown };
  readonly resets: string[];
  readonly fetch: typeof fetch;
}

export function trainerServer(now: () => number): TrainerServer {
  const server: TrainerServer = {
    online: true,
    reset: { status: 200, body: { generation: 2, records: 60 } },
    resets: [],
    fetch: async (input, init) => {
      if (!server.online) throw new TypeError('Failed to fetch');
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith(API.demoReset)) {
        server.resets.push(new Headers(init?.headers).get('authorization') ?? '');
        return json(server.reset.status, server.reset.body);
      }
      if (!url.endsWith(API.session)) return json(404, { error: 'notFound' });
      const body = JSON.parse(String(init?.body)) as SessionRequest;
      const who = PEOPLE.find((p) => p.id === body.username);
      if (!who || body.password !== PASSWORD) return json(401, { error: 'badCredentials' });
      const response: SessionResponse = {
        token: `token-${who.id}`,
        expiresAt: now() + 7 * 86_400_000,
        person: who,
        directory: DIR,
        deviceNumber: 3,
        serverTime: now(),
        authorKey: 'A'.repeat(43),
      };
      return json(200, response);
    },
  };
  return server;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export interface TrainerDevice {
  readonly device: Device;
  readonly server: TrainerServer;
  mount(options?: { path?: string; search?: string }): void;
}

/** A tablet whose app talks to `trainerServer`, with `extra` env (e.g. onSignedIn). */
export function trainerDevice(extra: Partial<AppEnv> = {}): TrainerDevice {
  const device = newDevice();
  const now = () => device.clock.now;
  const server = trainerServer(now);
  let ids = 0;
  const newId = () => `00000000-0000-4000-9000-${String(++ids).padStart(12, '0')}`;
  let unmount: (() => void) | null = null;
  return {
    device,
    server,
    mount({ path = '/', search = '?lang=en' } = {}) {
      unmount?.();
      device.unmount();
      const env: AppEnv = {
        db: device.db,
        api: createApiClient(server.fetch, 'http://tablet.test'),
        syncStatus: device.syncStatus,
        now,
        newId,
        prefs: device.prefs,
        search,
        timeZone: 'Asia/Kolkata',
        pbkdf2Iterations: 1_000,
        draftAutosaveMs: 300,
        ...extra,
      };
      const { hook } = memoryLocation({ path });
      unmount = render(<App env={env} locationHook={hook} />).unmount;
      device.user = userEvent.setup();
    },
  };
}
