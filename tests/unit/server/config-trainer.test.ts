import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../../sync-server/config.ts';

/** The trainer's switches: demo content and HTTPS. */

describe('configFromEnv for the classroom', () => {
  it('leaves demo content and HTTPS off unless asked (npm start asks for demo content)', () => {
    expect(configFromEnv({}, '/')).toMatchObject({ demoContent: false, https: false });
  });

  it('reads PATRAVALI_DEMO_CONTENT and PATRAVALI_HTTPS as on/off words', () => {
    expect(
      configFromEnv({ PATRAVALI_DEMO_CONTENT: 'yes', PATRAVALI_HTTPS: '1' }, '/'),
    ).toMatchObject({ demoContent: true, https: true });
    expect(
      configFromEnv({ PATRAVALI_DEMO_CONTENT: '0', PATRAVALI_HTTPS: 'off' }, '/'),
    ).toMatchObject({ demoContent: false, https: false });
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => configFromEnv({ PATRAVALI_HTTPS: 'maybe' }, '/')).toThrow(ConfigError);
    expect(() => configFromEnv({ PATRAVALI_DEMO_CONTENT: '2' }, '/')).toThrow(
      /PATRAVALI_DEMO_CONTENT/,
    );
  });
});
