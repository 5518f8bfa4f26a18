// One server and one browser shared by the tests of a file.
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type TabletBrowser } from './browser.ts';
import { startServer, type RunningServer, type ServerOptions } from './server.ts';

export interface SharedServerAndBrowser {
  readonly server: RunningServer;
  readonly browser: TabletBrowser;
}

/**
 * Starts one server and launches one browser before the file's tests (beforeAll) and
 * closes them after (afterAll: the browser, then the server, then its data). Each test
 * still takes its own tablet, a fresh profile, from `browser.newTablet`: starting a server
 * and a browser per language or per tablet would cost a start and a launch each time.
 * Call it at the top of the file; read `server` and `browser` in hooks and tests only
 * (they exist once beforeAll has run).
 */
export function shareServerAndBrowser(options: ServerOptions = {}): SharedServerAndBrowser {
  let server: RunningServer | undefined;
  let browser: TabletBrowser | undefined;
  beforeAll(async () => {
    server = await startServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the shared ${what} is started in beforeAll`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
