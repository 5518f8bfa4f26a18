// The second stage of storing the app for offline use (src/pwa/warm-later.ts): what it
// stores, what it keeps, what it drops, and what it says when the network fails.
import { describe, expect, it } from 'vitest';
import { LATER_CACHE, LATER_LIST_URL } from '@pwa/later-assets.ts';
import { laterUrls, warmLater } from '@pwa/warm-later.ts';

const ORIGIN = 'https://efile.example';
const PDFKIT = '/assets/pdfkit.standalone-iJS3ts80.js';
const WORKER = '/assets/pdf.worker.min-C_oroY0n.js';
const CHARTS = '/assets/PendencyCharts-CvY0sNUd.js';
const FONT = '/assets/noto-sans-devanagari-devanagari-400-normal-CdOJmQ4E.woff';
const OLD_CHARTS = '/assets/PendencyCharts-OLDOLDOL.js';

/** A Cache Storage of one origin in memory; `add` fetches through the given fetch. */
function fakeCaches(fetchFn: typeof fetch) {
  const stores = new Map<string, Map<string, Response>>();
  const caches = {
    open: (name: string) => {
      const store = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, store);
      const cache = {
        match: (url: string) => Promise.resolve(store.get(url)),
        add: async (url: string) => {
          const res = await fetchFn(url);
          if (!res.ok) throw new TypeError(`bad response ${res.status}`);
          store.set(url, res);
        },
        put: (url: string, res: Response) => Promise.resolve(void store.set(url, res)),
        keys: () => Promise.resolve([...store.keys()].map((u) => new Request(`${ORIGIN}${u}`))),
        delete: (request: Request) => Promise.resolve(store.delete(new URL(request.url).pathname)),
      };
      return Promise.resolve(cache);
    },
  } as unknown as CacheStorage;
  return { caches, stores };
}

function server(list: unknown, failing = new Set<string>(), pages = new Set<string>()) {
  const fetched: string[] = [];
  const fetchFn = ((input: RequestInfo | URL) => {
    const url = String(input);
    fetched.push(url);
    if (failing.has(url)) return Promise.reject(new TypeError('Failed to fetch'));
    if (url === LATER_LIST_URL) {
      return Promise.resolve(
        typeof list === 'string'
          ? new Response(list, { headers: { 'content-type': 'text/html' } })
          : Response.json(list),
      );
    }
    // A server without the file once answered with the app's page.
    if (pages.has(url)) {
      return Promise.resolve(
        new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }),
      );
    }
    return Promise.resolve(new Response(`bytes of ${url}`));
  }) as typeof fetch;
  return { fetchFn, fetched };
}

describe('warmLater', () => {
  it('stores each listed file not yet stored, one at a time, and drops those of earlier builds', async () => {
    const { fetchFn, fetched } = server([PDFKIT, WORKER, CHARTS, FONT]);
    const { caches, stores } = fakeCaches(fetchFn);
    const cache = await caches.open(LATER_CACHE);
    await cache.add(WORKER);
    await cache.add(OLD_CHARTS);
    fetched.length = 0;

    let missing = 0;
    expect(await warmLater({ fetch: fetchFn, caches, onMissing: () => missing++ })).toBe(true);
    expect(missing).toBe(1);
    expect(fetched).toEqual([LATER_LIST_URL, PDFKIT, CHARTS, FONT]);
    expect([...(stores.get(LATER_CACHE)?.keys() ?? [])].sort()).toEqual(
      [PDFKIT, WORKER, CHARTS, FONT].sort(),
    );
  });

  it('says nothing is missing when every file is stored', async () => {
    const { fetchFn, fetched } = server([PDFKIT]);
    const { caches } = fakeCaches(fetchFn);
    await (await caches.open(LATER_CACHE)).add(PDFKIT);
    fetched.length = 0;
    let missing = 0;
    expect(await warmLater({ fetch: fetchFn, caches, onMissing: () => missing++ })).toBe(true);
    expect(missing).toBe(0);
    expect(fetched).toEqual([LATER_LIST_URL]);
  });

  it("never keeps the app's page under a script's name", async () => {
    const { fetchFn } = server([PDFKIT, WORKER], new Set(), new Set([WORKER]));
    const { caches, stores } = fakeCaches(fetchFn);
    expect(await warmLater({ fetch: fetchFn, caches })).toBe(false);
    expect([...(stores.get(LATER_CACHE)?.keys() ?? [])]).toEqual([PDFKIT]);
  });

  it('says false when the network fails on the way, keeping what it stored', async () => {
    const { fetchFn } = server([PDFKIT, WORKER, CHARTS], new Set([WORKER]));
    const { caches, stores } = fakeCaches(fetchFn);
    expect(await warmLater({ fetch: fetchFn, caches })).toBe(false);
    expect([...(stores.get(LATER_CACHE)?.keys() ?? [])]).toEqual([PDFKIT]);

    const offline = server([PDFKIT], new Set([LATER_LIST_URL]));
    expect(await warmLater({ fetch: offline.fetchFn, caches })).toBe(false);
  });

  it('has nothing to store where the server has no list (a development server answers the page)', async () => {
    const { fetchFn, fetched } = server('<!doctype html><title>पत्रावली</title>');
    const { caches, stores } = fakeCaches(fetchFn);
    expect(await warmLater({ fetch: fetchFn, caches })).toBe(true);
    expect(fetched).toEqual([LATER_LIST_URL]);
    expect(stores.size).toBe(0);
  });
});

describe('laterUrls', () => {
  it('keeps only paths of later files from the list', () => {
    expect(
      laterUrls([PDFKIT, '/api/sync', 'https://elsewhere.example/assets/pdf-A1b2C3d4.js', 7, FONT]),
    ).toEqual([PDFKIT, FONT]);
    expect(laterUrls({ files: [PDFKIT] })).toEqual([]);
  });
});
