// First end-to-end check: the server starts as `npm start` runs it, serves the built PWA,
// and a person can sign in on a fresh tablet in Chromium.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  inboxRegion,
  openApp,
  passwordField,
  shareServerAndBrowser,
  showsDevanagari,
  signIn,
  signInButton,
  usernameField,
  type Tablet,
} from './harness.ts';

describe('smoke: server, app shell and sign-in', () => {
  const shared = shareServerAndBrowser();
  let tablet: Tablet;

  beforeAll(async () => {
    tablet = await shared.browser.newTablet('vikasnagar');
  });

  it('answers /healthz with 200', async () => {
    const response = await fetch(`${shared.server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('shows the sign-in page in Hindi by default, its scripts and styles sent compressed', async () => {
    const { page } = tablet;
    const encodings = new Map<string, string>();
    const bodies: Promise<void>[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (!/\.(js|css)$/.test(url.pathname) || url.origin !== shared.server.url) return;
      const encoding = response.headers()['content-encoding'];
      if (encoding !== undefined) encodings.set(url.pathname, encoding);
      else
        bodies.push(
          // The build keeps no copy that would be larger than the file (a chunk of a few
          // dozen bytes): such a file is sent as it is.
          response.body().then((body) => {
            const smaller = Math.min(brotliCompressSync(body).length, gzipSync(body).length);
            encodings.set(url.pathname, smaller < body.length ? 'none' : 'none, no smaller copy');
          }),
        );
    });
    await openApp(page, shared.server.url);
    await page.locator('input[type="password"]').waitFor({ state: 'visible' });
    expect(await showsDevanagari(page)).toBe(true);
    expect(await signInButton(page).count()).toBe(0);
    // The build's brotli copy, or its gzip copy for a browser that offers no brotli (Chromium
    // 156 offers it on https and on 127.0.0.1, a potentially trustworthy origin).
    await Promise.all(bodies);
    expect(encodings.size).toBeGreaterThan(0);
    for (const [path, encoding] of encodings)
      expect([path, encoding]).toEqual([
        path,
        expect.stringMatching(/^(br|gzip|none, no smaller copy)$/),
      ]);
  });

  it('shows Username, Password and Sign in in English with ?lang=en', async () => {
    const { page } = tablet;
    await openApp(page, shared.server.url, 'en');
    await usernameField(page).waitFor({ state: 'visible' });
    await passwordField(page).waitFor({ state: 'visible' });
    await signInButton(page).waitFor({ state: 'visible' });
  });

  it('signs in the desk assistant and shows the Inbox', async () => {
    const { page } = tablet;
    await signIn(page, 'clerk.vikasnagar', 'demo1234');
    await inboxRegion(page).waitFor({ state: 'visible' });
    expect(tablet.pageErrors).toEqual([]);
  });
});
