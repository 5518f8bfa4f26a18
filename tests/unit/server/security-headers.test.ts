import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
} from '../../../sync-server/http/security-headers.ts';

describe("the page's Content-Security-Policy", () => {
  it("lets the app reach the relay's fallback for fetch and for its push WebSocket", () => {
    const connect = /connect-src ([^;]+)/.exec(
      contentSecurityPolicy(['https://district.example', 'http://10.0.0.5:8080']),
    )?.[1];
    expect(connect?.split(' ')).toEqual([
      "'self'",
      'https://district.example',
      'wss://district.example',
      'http://10.0.0.5:8080',
      'ws://10.0.0.5:8080',
    ]);
    expect(contentSecurityPolicy([])).toBe(CONTENT_SECURITY_POLICY);
  });
});
