import type { NetworkInterfaceInfo } from 'node:os';
import qrcode from 'qrcode-terminal';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../sync-server/config.ts';
import { lanAddresses, startEnv } from '../../../sync-server/start-env.ts';
import type { NetworkInterfaces } from '../../../sync-server/start-env.ts';
import { classroomBanner } from '../../../sync-server/tls/classroom-banner.ts';

/** What `npm start` prints for a classroom and how it reads its switches. */

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return {
    address,
    netmask: '255.255.255.0',
    family: 'IPv4',
    mac: '00:00:00:00:00:00',
    internal,
    cidr: `${address}/24`,
  };
}

function v6(address: string): NetworkInterfaceInfo {
  return {
    address,
    netmask: 'ffff:ffff:ffff:ffff::',
    family: 'IPv6',
    mac: '00:00:00:00:00:00',
    internal: false,
    cidr: `${address}/64`,
    scopeid: 0,
  };
}

/** A laptop with loopback, Wi-Fi (IPv4 + IPv6) and a wired port. */
const LAPTOP: NetworkInterfaces = {
  lo: [v4('127.0.0.1', true)],
  wlan0: [v6('fe80::1c2b:3aff:fe4d:5e6f'), v4('192.168.1.23')],
  eth0: [v4('10.0.0.7')],
  docker0: undefined,
};

/** qrcode-terminal's own small-mode output for the text, to compare against. */
function expectedQr(text: string): string {
  let out: string | null = null;
  qrcode.generate(text, { small: true }, (qr) => {
    out = qr;
  });
  if (out === null) throw new Error('qrcode-terminal did not answer synchronously');
  return out;
}

describe('classroom network addresses', () => {
  it('are the non-loopback IPv4 addresses, in interface order', () => {
    expect(lanAddresses(LAPTOP)).toEqual(['192.168.1.23', '10.0.0.7']);
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([]);
  });
});

describe('classroomBanner', () => {
  it('prints the first LAN URL, its QR code and the certificate link', async () => {
    const lan = lanAddresses(LAPTOP);
    const lines = await classroomBanner(8443, lan);
    const text = lines.join('\n');
    expect(text).toContain('open https://192.168.1.23:8443/ on the tablets');
    expect(text).toContain('https://192.168.1.23:8443/cert.crt');
    const qr = expectedQr('https://192.168.1.23:8443/');
    expect(qr.split('\n').length).toBeGreaterThan(10);
    expect(lines).toContain(qr);
    // The code is for the first address only, never the second or localhost.
    expect(lines).not.toContain(expectedQr('https://10.0.0.7:8443/'));
    expect(text).not.toContain('localhost');
  });

  it('falls back to localhost when the computer has no LAN address', async () => {
    const lines = await classroomBanner(3000, lanAddresses({ lo: [v4('127.0.0.1', true)] }));
    expect(lines.join('\n')).toContain('https://localhost:3000/cert.crt');
    expect(lines).toContain(expectedQr('https://localhost:3000/'));
  });
});

describe('npm start switches', () => {
  it('turn on demo content by default, and HTTPS only with --https', () => {
    expect(configFromEnv(startEnv({}, []), '/')).toMatchObject({
      demoContent: true,
      https: false,
    });
    expect(configFromEnv(startEnv({}, ['--https']), '/')).toMatchObject({
      demoContent: true,
      https: true,
    });
  });

  it('let the environment turn demo content off, or HTTPS on, and --https wins over the env', () => {
    expect(configFromEnv(startEnv({ PATRAVALI_DEMO_CONTENT: '0' }, []), '/')).toMatchObject({
      demoContent: false,
    });
    expect(configFromEnv(startEnv({ PATRAVALI_HTTPS: '1' }, []), '/')).toMatchObject({
      https: true,
    });
    expect(configFromEnv(startEnv({ PATRAVALI_HTTPS: '0' }, ['--https']), '/')).toMatchObject({
      https: true,
    });
  });
});
