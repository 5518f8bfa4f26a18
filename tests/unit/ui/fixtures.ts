// A demo directory shaped like src/domain/directory.ts (Vikasnagar tehsil and the
// collectorate) and a fake server answering POST /api/session like the real one.
import type { Directory, Person, Role } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import {
  API,
  type DirectoryKey,
  type SessionRequest,
  type SessionResponse,
} from '@protocol/api.ts';

export const PASSWORD = 'demo1234';

const DESIGNATIONS: Partial<Record<Role, { hi: string; en: string }>> = {
  deskAssistant: { hi: 'पटल सहायक', en: 'Desk Assistant' },
  kanungo: { hi: 'कानूनगो', en: 'Kanungo' },
  tehsildar: { hi: 'तहसीलदार', en: 'Tehsildar' },
  dm: { hi: 'जिलाधिकारी', en: 'District Magistrate' },
};

function person(id: string, hi: string, en: string, role: Role, office: string): Person {
  return {
    id: asPersonId(id),
    name: { hi, en },
    designation: DESIGNATIONS[role] ?? { hi: role, en: role },
    role,
    office: asOfficeId(office),
  };
}

export const CLERK = person(
  'clerk.vikasnagar',
  'सुनीता रावत',
  'Sunita Rawat',
  'deskAssistant',
  'vikasnagar',
);
export const KANUNGO = person(
  'kanungo.vikasnagar',
  'मोहन सिंह नेगी',
  'Mohan Singh Negi',
  'kanungo',
  'vikasnagar',
);
export const TEHSILDAR = person(
  'tehsildar.vikasnagar',
  'अनीता बिष्ट',
  'Anita Bisht',
  'tehsildar',
  'vikasnagar',
);
export const DM = person('dm.dehradun', 'आलोक कुमार पाण्डेय', 'Alok Kumar Pandey', 'dm', 'dehradun');

export const DIRECTORY: Directory = {
  version: 1,
  district: { id: 'dehradun', name: { hi: 'देहरादून', en: 'Dehradun' } },
  offices: [
    {
      id: asOfficeId('dehradun'),
      code: 'DDN',
      kind: 'collectorate',
      name: { hi: 'जिलाधिकारी कार्यालय, देहरादून', en: 'Collectorate, Dehradun' },
    },
    {
      id: asOfficeId('vikasnagar'),
      code: 'VKN',
      kind: 'tehsil',
      name: { hi: 'तहसील विकासनगर', en: 'Tehsil Vikasnagar' },
      parent: asOfficeId('dehradun'),
    },
  ],
  people: [CLERK, KANUNGO, TEHSILDAR, DM],
};

export interface FakeServer {
  readonly fetch: typeof fetch;
  /** While false, every request fails as a dropped network would. */
  online: boolean;
  readonly requests: SessionRequest[];
}

/**
 * Answers POST /api/session: 200 with token + directory and, as the real server
 * does, every signing key registered so far (so what a device signs verifies on
 * another); 401 for a wrong password.
 */
export function fakeServer(now: () => number, directory: Directory = DIRECTORY): FakeServer {
  const keys = new Map<string, DirectoryKey>();
  const server: FakeServer = {
    online: true,
    requests: [],
    fetch: async (input, init) => {
      if (!server.online) throw new TypeError('Failed to fetch');
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith(API.session) || init?.method !== 'POST')
        return json(404, { error: 'notFound' });
      const body = JSON.parse(String(init.body)) as SessionRequest;
      server.requests.push(body);
      const who = directory.people.find((p) => p.id === body.username);
      if (!who || body.password !== PASSWORD) {
        return json(401, { error: 'badCredentials', detail: 'wrong username or password' });
      }
      const k = body.signingKey;
      if (k !== undefined)
        keys.set(k.keyId, {
          id: k.keyId,
          person: who.id,
          device: body.deviceId,
          algorithm: k.algorithm,
          publicKey: k.publicKey,
          revokedAt: null,
        });
      const response: SessionResponse = {
        token: `token-${who.id}`,
        expiresAt: now() + 7 * 86_400_000,
        person: who,
        directory,
        deviceNumber: 3,
        serverTime: now(),
        authorKey: 'A'.repeat(43),
        deviceKeys: [...keys.values()],
      };
      return json(200, response);
    },
  };
  return server;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
