// Trainer-mode component tests: harness.tsx's device, whose fake server also
// knows the `trainer` account and answers POST /api/demo/reset, with an
// optional onSignedIn (the browser starts its sync engine there).
import type { Directory, Person } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import type { AppEnv } from '@ui/app-context.ts';
import { DIRECTORY, json } from './fixtures.ts';
import { newDevice, type Device } from './harness.tsx';

export const TRAINER: Person = {
  id: asPersonId('trainer'),
  name: { hi: 'प्रशिक्षक', en: 'Trainer' },
  designation: { hi: 'प्रशिक्षक', en: 'Trainer' },
  role: 'trainer',
  office: asOfficeId('dehradun'),
};
const DIR: Directory = { ...DIRECTORY, people: [...DIRECTORY.people, TRAINER] };

export interface TrainerServer {
  online: boolean;
  /** What POST /api/demo/reset answers: status and JSON body. */
  reset: { status: number; body: unknown };
  readonly resets: string[];
}

/** The demo-reset endpoint in front of the fake session server (which knows the trainer). */
function trainerServer(): TrainerServer & { wrap: (inner: typeof fetch) => typeof fetch } {
  const server = {
    online: true,
    reset: { status: 200, body: { generation: 2, records: 60 } as unknown },
    resets: [] as string[],
    wrap:
      (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        if (!server.online) throw new TypeError('Failed to fetch');
        const url =
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!url.endsWith(API.demoReset)) return inner(input, init);
        server.resets.push(new Headers(init?.headers).get('authorization') ?? '');
        return json(server.reset.status, server.reset.body);
      },
  };
  return server;
}

export interface TrainerDevice {
  readonly device: Device;
  readonly server: TrainerServer;
  mount(options?: { path?: string; search?: string }): void;
}

/** A tablet whose app also reaches the demo reset, with `extra` env (e.g. onSignedIn). */
export function trainerDevice(extra: Partial<AppEnv> = {}): TrainerDevice {
  const server = trainerServer();
  const device = newDevice({ directory: DIR, wrapFetch: server.wrap, env: extra });
  return {
    device,
    server,
    mount: ({ path = '/', search = '?lang=en' } = {}) => device.mount({ path, search }),
  };
}
