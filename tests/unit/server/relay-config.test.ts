import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../sync-server/config.ts';
import { relayConfigFrom } from '../../../sync-server/relay/relay-config.ts';

describe('relay configuration', () => {
  const argv = ['--upstream', 'https://district.example/', '--office', 'VKN'];

  it('reads the district and the office from the command line, the key from the environment', () => {
    expect(relayConfigFrom({ PATRAVALI_RELAY_KEY: ' k3y ' }, argv)).toEqual({
      upstream: 'https://district.example',
      office: 'VKN',
      key: 'k3y',
      intervalMs: 5000,
      quietMs: 30_000,
      backoffMaxMs: 60_000,
      sessionCheckMs: 300_000,
      heldMaxMs: 3_600_000,
    });
  });

  it('takes both from the environment too (a systemd unit)', () => {
    const env = {
      PATRAVALI_RELAY_UPSTREAM: 'http://10.0.0.1:8080',
      PATRAVALI_RELAY_OFFICE: 'chakrata',
      PATRAVALI_RELAY_KEY: 'k',
      PATRAVALI_RELAY_SYNC_MS: '250',
      PATRAVALI_RELAY_TIMEOUT_MS: '2000',
      PATRAVALI_RELAY_BACKOFF_MS: '100',
      PATRAVALI_RELAY_SESSION_CHECK_MS: '1000',
      PATRAVALI_RELAY_HELD_MAX_MS: '1000',
    };
    // The longest backoff is never shorter than the interval.
    expect(relayConfigFrom(env, [])).toMatchObject({
      upstream: 'http://10.0.0.1:8080',
      office: 'chakrata',
      intervalMs: 250,
      quietMs: 2000,
      backoffMaxMs: 250,
      sessionCheckMs: 1000,
      heldMaxMs: 1000,
    });
  });

  it("reads the district's own address for the tablets' fallback, and refuses one that is not an origin", () => {
    const key = { PATRAVALI_RELAY_KEY: 'k' };
    expect(
      relayConfigFrom(key, [...argv, '--fallback', 'https://district.example/']),
    ).toMatchObject({ fallback: 'https://district.example' });
    expect(
      relayConfigFrom({ ...key, PATRAVALI_RELAY_FALLBACK: 'http://10.0.0.1:8080' }, argv),
    ).toMatchObject({ fallback: 'http://10.0.0.1:8080' });
    expect(() => relayConfigFrom(key, [...argv, '--fallback', 'https://d.example/api'])).toThrow(
      /--fallback/,
    );
    // Not an origin the tablet keeps, nor one the pages' connect-src may carry.
    for (const odd of ['https://d.example x.example', 'https://d.example;script-src'])
      expect(() => relayConfigFrom(key, [...argv, '--fallback', odd])).toThrow(/--fallback/);
  });

  it('refuses a missing district, office or key, and an odd interval, by name', () => {
    const key = { PATRAVALI_RELAY_KEY: 'k' };
    expect(() => relayConfigFrom(key, ['--office', 'VKN'])).toThrow(/--upstream/);
    expect(() => relayConfigFrom(key, ['--upstream', 'ftp://x', '--office', 'VKN'])).toThrow(
      ConfigError,
    );
    expect(() => relayConfigFrom(key, ['--upstream', 'http://x'])).toThrow(/--office/);
    expect(() => relayConfigFrom({}, argv)).toThrow(/PATRAVALI_RELAY_KEY/);
    expect(() => relayConfigFrom({ ...key, PATRAVALI_RELAY_SYNC_MS: '1.5' }, argv)).toThrow(
      /PATRAVALI_RELAY_SYNC_MS/,
    );
    expect(() => relayConfigFrom({ ...key, PATRAVALI_RELAY_TIMEOUT_MS: '0' }, argv)).toThrow(
      /PATRAVALI_RELAY_TIMEOUT_MS/,
    );
    expect(() =>
      relayConfigFrom({ ...key, PATRAVALI_RELAY_SESSION_CHECK_MS: 'soon' }, argv),
    ).toThrow(/PATRAVALI_RELAY_SESSION_CHECK_MS/);
    for (const odd of ['0', '-5', 'hourly', '86400001'])
      expect(() => relayConfigFrom({ ...key, PATRAVALI_RELAY_HELD_MAX_MS: odd }, argv)).toThrow(
        `PATRAVALI_RELAY_HELD_MAX_MS must be 10 to 86400000, got "${odd}"`,
      );
  });
});
